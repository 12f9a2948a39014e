import { createRouter } from '../trpc';
import { fleetCountsProcedure, fleetPageProcedure } from './fleet-queries';

export const fleetRouter = createRouter({
  page: fleetPageProcedure,
  counts: fleetCountsProcedure,
});
