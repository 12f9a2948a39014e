import { ZAuditEventsPageSchema, ZCursorSchema } from '@standby/protocol';
import { z } from 'zod';
import { listAuditEvents } from '../services/list-audit-events';
import { createRouter, operatorProcedure } from '../trpc';

export const auditRouter = createRouter({
  /** The audit log newest first. Operators and admins: it names users and their addresses. */
  list: operatorProcedure
    .input(
      z.object({
        action: z.string().min(1).max(100).optional(),
        actorId: z.string().min(1).max(255).optional(),
        targetType: z.string().min(1).max(100).optional(),
        targetId: z.string().min(1).max(255).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: ZCursorSchema.optional(),
      }),
    )
    .output(ZAuditEventsPageSchema)
    .query(({ ctx, input }) => listAuditEvents(ctx.prisma, input)),
});
