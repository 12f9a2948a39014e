import { ZCommandIdSchema, ZCursorSchema, ZOptionChangesPageSchema } from '@standby/protocol';
import { z } from 'zod';
import { listOptionChanges } from '../services/list-option-changes';
import { createRouter, viewerProcedure } from '../trpc';

export const changesRouter = createRouter({
  /** Option changes newest first, with before/after values, actor and delivery state. */
  list: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/option-changes',
        operationId: 'listOptionChanges',
        tags: ['commands'],
        summary: 'Option changes newest first, with their delivery state',
      },
    })
    .input(
      z.object({
        hostId: z.guid().optional(),
        pairId: z.guid().optional(),
        /** AgentCommand ids are bigints: decimal strings on the wire. */
        commandId: ZCommandIdSchema.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: ZCursorSchema.optional(),
      }),
    )
    .output(ZOptionChangesPageSchema)
    .query(({ ctx, input }) => listOptionChanges(ctx.prisma, input)),
});
