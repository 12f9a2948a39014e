import { createRouter } from '../trpc';
import { fleetAgentVersionsProcedure, fleetCountsProcedure, fleetPageProcedure } from './fleet-queries';

export const fleetRouter = createRouter({
  page: fleetPageProcedure,
  counts: fleetCountsProcedure,
  agentVersions: fleetAgentVersionsProcedure,
});
