import {
  ZCursorSchema,
  ZHostDetailSchema,
  ZHostEventsPageSchema,
  ZHostRunsPageSchema,
  ZStartupSeriesSchema,
} from '@standby/protocol';
import { z } from 'zod';
import { loadHostDetail } from '../services/host-detail';
import { listHostEvents } from '../services/host-events';
import { assertHostExists } from '../services/host-not-found';
import { loadHostRuns } from '../services/host-runs';
import { loadStartupSeries } from '../services/host-startup-series';
import { createRouter, viewerProcedure } from '../trpc';

const ZHostId = z.guid();

export const hostRouter = createRouter({
  /** Facts, latest run with components, current findings (latest check merged with the dashboard's). */
  get: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/hosts/{hostId}',
        operationId: 'getHost',
        tags: ['hosts'],
        summary: 'A host: facts, options, latest run and current findings',
      },
    })
    .input(z.object({ hostId: ZHostId }))
    .output(ZHostDetailSchema)
    .query(({ ctx, input }) => loadHostDetail(ctx.prisma, input.hostId)),

  /** Check runs newest first, keyset paginated. */
  runs: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/hosts/{hostId}/runs',
        operationId: 'listHostRuns',
        tags: ['hosts'],
        summary: 'Check runs of a host, newest first',
      },
    })
    .input(
      z.object({
        hostId: ZHostId,
        limit: z.number().int().min(1).max(200).default(50),
        cursor: ZCursorSchema.optional(),
      }),
    )
    .output(ZHostRunsPageSchema)
    .query(({ ctx, input }) => loadHostRuns(ctx.prisma, input)),

  /** Switchovers, restarts, version and outside option changes, newest first, keyset paginated. */
  events: viewerProcedure
    .input(
      z.object({
        hostId: ZHostId,
        limit: z.number().int().min(1).max(200).default(50),
        cursor: ZCursorSchema.optional(),
      }),
    )
    .output(ZHostEventsPageSchema)
    .query(({ ctx, input }) => listHostEvents(ctx.prisma, input)),

  /** Time to ready per run, oldest first, for the startup chart. */
  startupSeries: viewerProcedure
    .input(z.object({ hostId: ZHostId, limit: z.number().int().min(1).max(1_000).default(200) }))
    .output(ZStartupSeriesSchema)
    .query(async ({ ctx, input }) => {
      await assertHostExists(ctx.prisma, input.hostId);
      return { points: await loadStartupSeries(ctx.prisma, input.hostId, input.limit) };
    }),
});
