import { ZHostSummarySchema } from '@standby/protocol';
import { z } from 'zod';
import { listFleetHosts } from '../services/fleet-overview';
import { createRouter, viewerProcedure } from '../trpc';
import { fleetCountsProcedure, fleetPageProcedure } from './fleet-queries';

export const fleetRouter = createRouter({
  list: viewerProcedure
    .input(z.object({}).optional())
    .output(z.object({ hosts: z.array(ZHostSummarySchema) }))
    .query(async ({ ctx }) => ({ hosts: await listFleetHosts(ctx.prisma) })),
  page: fleetPageProcedure,
  counts: fleetCountsProcedure,
});
