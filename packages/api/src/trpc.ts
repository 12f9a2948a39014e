import type { PrismaClient } from '@standby/db';
import { initTRPC } from '@trpc/server';

export interface ApiContext {
  prisma: PrismaClient;
}

const t = initTRPC.context<ApiContext>().create();

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** Open to anyone who can reach the server. Sign-in and role tiers come with users (issue 5). */
export const publicProcedure = t.procedure;
