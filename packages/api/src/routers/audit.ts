import { ZAuditEventsPageSchema, ZCursorSchema, zSafeText } from '@standby/protocol';
import { z } from 'zod';
import { listAuditEvents } from '../services/list-audit-events';
import { createRouter, operatorProcedure } from '../trpc';

export const auditRouter = createRouter({
  /** The audit log newest first. Operators and admins: it names users and their addresses. */
  list: operatorProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/audit',
        operationId: 'listAuditEvents',
        tags: ['audit'],
        summary: 'The audit log, newest first (operate scope)',
      },
    })
    .input(
      z.object({
        action: zSafeText(100).min(1).optional(),
        actorId: zSafeText(255).min(1).optional(),
        targetType: zSafeText(100).min(1).optional(),
        targetId: zSafeText(255).min(1).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: ZCursorSchema.optional(),
      }),
    )
    .output(ZAuditEventsPageSchema)
    .query(({ ctx, input }) => listAuditEvents(ctx.prisma, input)),
});
