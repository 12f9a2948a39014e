import { FINDING_SEVERITIES } from '@standby/domain';
import { ZCursorSchema, ZFleetFindingsPageSchema } from '@standby/protocol';
import { z } from 'zod';
import { listFleetFindings } from '../services/list-fleet-findings';
import { createRouter, viewerProcedure } from '../trpc';

export const findingsRouter = createRouter({
  /** Current findings across the fleet, one row per host and finding, by hostname. */
  list: viewerProcedure
    .input(
      z.object({
        severity: z.enum(FINDING_SEVERITIES).optional(),
        code: z.string().min(1).max(80).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: ZCursorSchema.optional(),
      }),
    )
    .output(ZFleetFindingsPageSchema)
    .query(({ ctx, input }) => listFleetFindings(ctx.prisma, input)),
});
