import { FINDING_SEVERITIES } from '@standby/domain';
import { ZCursorSchema, ZFleetFindingsPageSchema, zSafeText } from '@standby/protocol';
import { z } from 'zod';
import { listFleetFindings } from '../services/list-fleet-findings';
import { createRouter, viewerProcedure } from '../trpc';

export const findingsRouter = createRouter({
  /** Current findings across the fleet, one row per host and finding, by hostname. */
  list: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/findings',
        operationId: 'listFindings',
        tags: ['findings'],
        summary: 'Current findings across the fleet, by hostname',
      },
    })
    .input(
      z.object({
        severity: z.enum(FINDING_SEVERITIES).optional(),
        code: zSafeText(80).min(1).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: ZCursorSchema.optional(),
      }),
    )
    .output(ZFleetFindingsPageSchema)
    .query(({ ctx, input }) => listFleetFindings(ctx.prisma, input)),
});
