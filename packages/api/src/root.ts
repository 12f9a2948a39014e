import { fleetRouter } from './routers/fleet';
import { createRouter } from './trpc';

export const appRouter = createRouter({
  fleet: fleetRouter,
});

export type AppRouter = typeof appRouter;
