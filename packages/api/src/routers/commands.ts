import {
  ZCommandTargetSchema,
  ZOptionChangeRequestSchema,
  ZOptionDryRunPageSchema,
  ZOptionDryRunRequestSchema,
  ZOptionRevertOutcomeSchema,
  ZOptionRevertRequestSchema,
} from '@standby/protocol';
import { z } from 'zod';
import { requestCheckRun, requestOptionChange } from '../services/option-changes';
import { dryRunOptionChange } from '../services/option-dry-run';
import { revertOptionChanges } from '../services/option-revert';
import { actorOf, createRouter, operatorProcedure } from '../trpc';

export const commandsRouter = createRouter({
  /**
   * What changeOptions would do with the same request, host by host (current, queued and effective
   * values, the diff, the findings the new values would raise), without writing anything. A mutation
   * only because its target (up to 10,000 host ids) does not fit a URL.
   */
  dryRun: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/commands/dry-run',
        operationId: 'dryRunOptionChange',
        tags: ['commands'],
        summary: 'Preview an option change per host, writing nothing (operate scope)',
      },
    })
    .input(ZOptionDryRunRequestSchema)
    .output(ZOptionDryRunPageSchema)
    .mutation(({ ctx, input }) => dryRunOptionChange(ctx.prisma, input)),

  /** Sends back the values from before the given changes (one change, whole commands, a rollout). */
  revert: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/commands/revert',
        operationId: 'revertOptionChanges',
        tags: ['commands'],
        summary: 'Revert option changes to their previous values (operate scope)',
      },
    })
    .input(ZOptionRevertRequestSchema)
    .output(ZOptionRevertOutcomeSchema)
    .mutation(({ ctx, input }) =>
      revertOptionChanges(
        ctx.prisma,
        ctx.commandBus,
        { changeIds: input.changeIds, commandIds: input.commandIds, rolloutId: input.rolloutId },
        actorOf(ctx.user, ctx.ip),
        input.reason,
      ),
    ),

  /** Sends option values to the target hosts' agents; refused as a whole if any value is invalid. */
  changeOptions: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/commands/change-options',
        operationId: 'changeOptions',
        tags: ['commands'],
        summary: 'Change check options on hosts (operate scope)',
      },
    })
    .input(ZOptionChangeRequestSchema)
    .output(
      z.object({
        /** "Change #N": the change page shows what followed it (null when nothing was sent). */
        requestId: z.string().nullable(),
        commandIds: z.array(z.string()),
        hosts: z.number(),
        unchanged: z.number(),
      }),
    )
    .mutation(({ ctx, input }) =>
      requestOptionChange(ctx.prisma, ctx.commandBus, input, actorOf(ctx.user, ctx.ip)),
    ),

  runCheckNow: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/commands/run-check',
        operationId: 'runCheckNow',
        tags: ['commands'],
        summary: 'Run the check now on hosts (operate scope)',
      },
    })
    .input(z.object({ target: ZCommandTargetSchema }))
    .output(z.object({ commandIds: z.array(z.string()) }))
    .mutation(({ ctx, input }) =>
      requestCheckRun(ctx.prisma, ctx.commandBus, input.target, actorOf(ctx.user, ctx.ip)),
    ),
});
