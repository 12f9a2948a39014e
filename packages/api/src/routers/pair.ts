import { ZPairDetailSchema } from '@standby/protocol';
import { z } from 'zod';
import { loadPairDetail } from '../services/pair-detail';
import { createRouter, viewerProcedure } from '../trpc';

export const pairRouter = createRouter({
  /** Both members with their options, and the check options that drift between them. */
  get: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/pairs/{pairId}',
        operationId: 'getPair',
        tags: ['hosts'],
        summary: 'Both members of a pair and the options that drift between them',
      },
    })
    .input(z.object({ pairId: z.guid() }))
    .output(ZPairDetailSchema)
    .query(({ ctx, input }) => loadPairDetail(ctx.prisma, input.pairId)),
});
