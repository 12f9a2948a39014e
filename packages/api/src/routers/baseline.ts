import {
  ZActiveBaselineSchema,
  ZBaselineDryRunSchema,
  ZBaselineYamlSchema,
  ZRolloutPlanSchema,
  zSafeText,
} from '@standby/protocol';
import { z } from 'zod';
import { getActiveBaseline, setActiveBaseline } from '../services/baseline/active-baseline';
import { applyBaseline } from '../services/baseline/apply-baseline';
import { planBaseline } from '../services/baseline/baseline-dry-run';
import { exportFleetBaseline } from '../services/baseline/export-fleet-baseline';
import { actorOf, adminProcedure, createRouter, operatorProcedure, viewerProcedure } from '../trpc';

/** Baseline as code (docs/OPTION-CHANGES.md): the desired check options, drift, export and import. */
export const baselineRouter = createRouter({
  /** The active baseline and how many hosts drift from it; null when none is set. */
  get: viewerProcedure
    .output(ZActiveBaselineSchema.nullable())
    .query(({ ctx }) => getActiveBaseline(ctx.prisma)),

  /** Sets (or, with a blank document, clears) the one active baseline: admin only, audited. */
  set: adminProcedure
    .input(ZBaselineYamlSchema)
    .output(ZActiveBaselineSchema.nullable())
    .mutation(({ ctx, input }) =>
      setActiveBaseline(ctx.prisma, ctx.commandBus, input.yaml, actorOf(ctx.user, ctx.ip)),
    ),

  /** The fleet's configured options as a baseline (importing it unchanged sends nothing). */
  export: viewerProcedure
    .output(z.object({ yaml: z.string(), hosts: z.number().int() }))
    .query(({ ctx }) => exportFleetBaseline(ctx.prisma)),

  /** What importing the YAML would send, per host, and the findings the new values would raise. */
  dryRun: operatorProcedure
    .input(ZBaselineYamlSchema)
    .output(ZBaselineDryRunSchema)
    .mutation(async ({ ctx, input }) => (await planBaseline(ctx.prisma, input.yaml)).dryRun),

  /** Sends the baseline's values as staged rollouts (one per distinct set of changes). */
  rollOut: operatorProcedure
    .input(
      ZBaselineYamlSchema.extend({
        plan: ZRolloutPlanSchema,
        confirmRestricted: z.boolean().default(false),
        reason: zSafeText().trim().max(500).optional(),
      }),
    )
    .output(z.object({ rolloutIds: z.array(z.string()), hosts: z.number().int() }))
    .mutation(({ ctx, input }) =>
      applyBaseline(ctx.prisma, ctx.commandBus, input, actorOf(ctx.user, ctx.ip)),
    ),
});
