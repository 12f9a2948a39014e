import {
  ZRolloutActionResultSchema,
  ZRolloutActionSchema,
  ZRolloutCreatedSchema,
  ZRolloutCreateSchema,
  ZRolloutIdSchema,
  ZRolloutListSchema,
  ZRolloutSummarySchema,
  ZRolloutViewSchema,
} from '@standby/protocol';
import { z } from 'zod';
import {
  continueRollout,
  createRollout,
  getRollout,
  haltRollout,
  listRollouts,
  revertRollout,
} from '../services/rollouts';
import { actorOf, createRouter, operatorProcedure, viewerProcedure } from '../trpc';

const openapi = (method: 'GET' | 'POST', path: `/${string}`, operationId: string, summary: string) => ({
  openapi: { method, path, operationId, tags: ['commands'], summary },
});

/** Staged rollouts of option changes (docs/OPTION-CHANGES.md): every action audited with before/after. */
export const rolloutsRouter = createRouter({
  /** Plans the waves and sends the canary; refused as a whole like a plain change. */
  create: operatorProcedure
    .meta(
      openapi('POST', '/rollouts', 'createRollout', 'Change options in waves, canary first (operate scope)'),
    )
    .input(ZRolloutCreateSchema)
    .output(ZRolloutCreatedSchema)
    .mutation(({ ctx, input }) =>
      createRollout(ctx.prisma, ctx.commandBus, input, actorOf(ctx.user, ctx.ip)),
    ),
  list: viewerProcedure
    .meta(openapi('GET', '/rollouts', 'listRollouts', 'Staged rollouts, newest first'))
    .input(ZRolloutListSchema)
    .output(z.array(ZRolloutSummarySchema))
    .query(({ ctx, input }) => listRollouts(ctx.prisma, input)),
  get: viewerProcedure
    .meta(openapi('GET', '/rollouts/{rolloutId}', 'getRollout', 'A rollout, its waves and their hosts'))
    .input(ZRolloutIdSchema)
    .output(ZRolloutViewSchema)
    .query(({ ctx, input }) => getRollout(ctx.prisma, input.rolloutId)),
  /** An operator's go: the next wave is sent now. */
  continue: operatorProcedure
    .meta(openapi('POST', '/rollouts/{rolloutId}/continue', 'continueRollout', 'Send the next wave now'))
    .input(ZRolloutActionSchema)
    .output(ZRolloutActionResultSchema)
    .mutation(({ ctx, input }) =>
      continueRollout(ctx.prisma, ctx.commandBus, input.rolloutId, actorOf(ctx.user, ctx.ip), input.reason),
    ),
  halt: operatorProcedure
    .meta(openapi('POST', '/rollouts/{rolloutId}/halt', 'haltRollout', 'Stop sending further waves'))
    .input(ZRolloutActionSchema)
    .output(ZRolloutActionResultSchema)
    .mutation(({ ctx, input }) =>
      haltRollout(ctx.prisma, input.rolloutId, actorOf(ctx.user, ctx.ip), input.reason),
    ),
  /** Sends every host the rollout changed its previous values, and ends the rollout. */
  revert: operatorProcedure
    .meta(
      openapi(
        'POST',
        '/rollouts/{rolloutId}/revert',
        'revertRollout',
        'Send back the previous values and end it',
      ),
    )
    .input(ZRolloutActionSchema)
    .output(ZRolloutActionResultSchema)
    .mutation(({ ctx, input }) =>
      revertRollout(ctx.prisma, ctx.commandBus, input.rolloutId, actorOf(ctx.user, ctx.ip), input.reason),
    ),
});
