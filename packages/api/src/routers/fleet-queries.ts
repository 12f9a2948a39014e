import {
  ZAgentVersionSummarySchema,
  ZFleetCountsSchema,
  ZFleetFilterSchema,
  ZFleetPageInputSchema,
  ZFleetPageSchema,
} from '@standby/protocol';
import { z } from 'zod';
import { loadAgentVersions } from '../services/agent-versions';
import { countFleet } from '../services/fleet-counts';
import { loadFleetPage } from '../services/fleet-page';
import { viewerProcedure } from '../trpc';

// The fleet router's procedures (composed in fleet.ts): keyset pages and counts of the filtered fleet.

/** fleet.page: a keyset page of host summaries, filtered and sorted. */
export const fleetPageProcedure = viewerProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/fleet/search',
      operationId: 'searchFleet',
      tags: ['fleet'],
      summary: 'A page of hosts, filtered and sorted (keyset: pass nextCursor back as cursor)',
    },
  })
  .input(ZFleetPageInputSchema)
  .output(ZFleetPageSchema)
  .query(({ ctx, input }) => loadFleetPage(ctx.prisma, input));

/** fleet.counts: totals of the filtered fleet, by shown status. */
export const fleetCountsProcedure = viewerProcedure
  .meta({
    openapi: {
      method: 'POST',
      path: '/fleet/counts',
      operationId: 'countFleet',
      tags: ['fleet'],
      summary: 'Totals of the filtered fleet by status and verdict',
    },
  })
  .input(z.object({ filter: ZFleetFilterSchema.optional() }))
  .output(ZFleetCountsSchema)
  .query(({ ctx, input }) => countFleet(ctx.prisma, input.filter));

/** fleet.agentVersions: the agent versions enrolled agents run (version skew across the fleet). */
export const fleetAgentVersionsProcedure = viewerProcedure
  .output(ZAgentVersionSummarySchema)
  .query(({ ctx }) => loadAgentVersions(ctx.prisma));
