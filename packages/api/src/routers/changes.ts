import {
  ZChangeDetailSchema,
  ZChangeListSchema,
  ZChangeRequestIdSchema,
  ZCommandIdSchema,
  ZCursorSchema,
  ZHostChangeMarkerSchema,
  ZOptionChangesPageSchema,
} from '@standby/protocol';
import { z } from 'zod';
import { getChangeOutcome, listChangeOutcomes, listHostChangeMarkers } from '../services/change-outcomes';
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

  /** Change requests newest first, each with what followed on its hosts (applied, restarted, failing). */
  requests: viewerProcedure
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(25),
        cursor: ZCursorSchema.optional(),
        /** Only changes followed by a new failure (a host that passed before and fails after). */
        onlyNewFailures: z.boolean().default(false),
      }),
    )
    .output(ZChangeListSchema)
    .query(({ ctx, input }) => listChangeOutcomes(ctx.prisma, input)),

  /** One change ("change #N") and, per host, the runs that followed it. */
  outcome: viewerProcedure
    .input(z.object({ requestId: ZChangeRequestIdSchema }))
    .output(ZChangeDetailSchema)
    .query(({ ctx, input }) => getChangeOutcome(ctx.prisma, input.requestId)),

  /** The changes applied on one host, oldest first: markers on its startup chart. */
  hostMarkers: viewerProcedure
    .input(z.object({ hostId: z.guid(), limit: z.number().int().min(1).max(500).default(100) }))
    .output(z.array(ZHostChangeMarkerSchema))
    .query(({ ctx, input }) => listHostChangeMarkers(ctx.prisma, input.hostId, input.limit)),
});
