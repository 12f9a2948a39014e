import { ZHostSummarySchema } from '@standby/protocol';
import { z } from 'zod';
import { listFleetHosts } from '../services/fleet-overview';
import { createRouter, publicProcedure } from '../trpc';

export const fleetRouter = createRouter({
  list: publicProcedure
    .input(z.object({}).optional())
    .output(z.object({ hosts: z.array(ZHostSummarySchema) }))
    .query(async ({ ctx }) => ({ hosts: await listFleetHosts(ctx.prisma) })),
});
