import { z } from 'zod';
import { ZOptionChangeRequestSchema } from './agent-commands';
import { zSafeText } from './safe-text';

/** A wave's size: a number of hosts, or a percentage of the rollout's hosts (rounded up, at least one). */
export const ZWaveSizeSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('hosts'), value: z.number().int().min(1).max(10_000) }),
  z.object({ unit: z.literal('percent'), value: z.number().int().min(1).max(100) }),
]);
export type TWaveSize = z.infer<typeof ZWaveSizeSchema>;

/** How a staged rollout proceeds: a canary wave, then waves of one size; when a wave halts it. */
export const ZRolloutPlanSchema = z
  .object({
    canary: ZWaveSizeSchema,
    next: ZWaveSizeSchema,
    /** Halt when this many hosts of a wave were rejected or fail the check after the change. */
    haltCount: z.number().int().min(1).max(10_000).optional(),
    /** Halt when this percentage of a wave's hosts were rejected or fail the check. */
    haltPercent: z.number().int().min(1).max(100).optional(),
    /** A wave not decided after this long halts the rollout (waiting for an operator). */
    waveTimeoutSec: z
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600)
      .default(3600),
    /** Wait for an operator's go after every wave, even one that passed. */
    manualGo: z.boolean().default(false),
  })
  // No halt condition given: the first failing host halts the rollout.
  .transform((plan) =>
    plan.haltCount === undefined && plan.haltPercent === undefined ? { ...plan, haltCount: 1 } : plan,
  );
export type TRolloutPlan = z.infer<typeof ZRolloutPlanSchema>;

export const ZRolloutCreateSchema = ZOptionChangeRequestSchema.extend({ plan: ZRolloutPlanSchema });
export type TRolloutCreate = z.infer<typeof ZRolloutCreateSchema>;

export const ROLLOUT_STATES = ['running', 'halted', 'completed', 'reverted'] as const;
export type TRolloutState = (typeof ROLLOUT_STATES)[number];
export const WAVE_STATES = ['planned', 'sent', 'passed', 'halted', 'skipped'] as const;
export type TWaveState = (typeof WAVE_STATES)[number];

/** A wave's hosts by how far they got. */
export const ZWaveTallySchema = z.object({
  hosts: z.number(),
  /** Already had the values: nothing was sent. */
  unchanged: z.number(),
  /** Not acked yet by the agent. */
  waiting: z.number(),
  /** Applied, waiting for the SIP Server's restart and the check after it. */
  applied: z.number(),
  rejected: z.number(),
  /** Restarted and the next check passed (RUNNING). */
  passed: z.number(),
  /** Restarted and the next check failed. */
  failing: z.number(),
});
export type TWaveTally = z.infer<typeof ZWaveTallySchema>;

export const ZRolloutIdSchema = z.object({ rolloutId: z.uuid() });
export const ZRolloutActionSchema = ZRolloutIdSchema.extend({
  reason: zSafeText().trim().max(500).optional(),
});
export const ZRolloutListSchema = z.object({
  state: z.enum(ROLLOUT_STATES).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const ZRolloutCreatedSchema = z.object({
  rolloutId: z.string(),
  hosts: z.number().int(),
  waves: z.number().int(),
  /** Target hosts that already have (or will have) every value: in no wave. */
  unchanged: z.number().int(),
});

export const ZRolloutSummarySchema = z.object({
  id: z.string(),
  state: z.string(),
  stateReason: z.string().nullable(),
  values: z.record(z.string(), z.string()),
  reason: z.string().nullable(),
  totalHosts: z.number().int(),
  waves: z.number().int(),
  /** 1-based; waves + 1 once completed. */
  currentWave: z.number().int(),
  actorLabel: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRolloutSummary = z.infer<typeof ZRolloutSummarySchema>;

export const ZRolloutWaveViewSchema = z.object({
  index: z.number().int(),
  state: z.string(),
  hosts: z.number().int(),
  sentAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  tally: ZWaveTallySchema.nullable(),
});
export type TRolloutWaveView = z.infer<typeof ZRolloutWaveViewSchema>;

export const ZRolloutHostViewSchema = z.object({
  hostId: z.string(),
  hostname: z.string(),
  /** 1-based. */
  wave: z.number().int(),
  /** unchanged | waiting | applied | rejected | passed | failing */
  state: z.string(),
  reason: z.string().nullable(),
});
export type TRolloutHostView = z.infer<typeof ZRolloutHostViewSchema>;

export const ZRolloutViewSchema = ZRolloutSummarySchema.extend({
  haltCount: z.number().int().nullable(),
  haltPercent: z.number().int().nullable(),
  waveTimeoutSec: z.number().int(),
  manualGo: z.boolean(),
  waitsForRestart: z.boolean(),
  waveList: z.array(ZRolloutWaveViewSchema),
  /** Hosts of the sent waves, the ones needing attention first, at most 200. */
  hosts: z.array(ZRolloutHostViewSchema),
});
export type TRolloutView = z.infer<typeof ZRolloutViewSchema>;

export const ZRolloutActionResultSchema = z.object({
  state: z.string(),
  /** The revert's commands (revert only). */
  commandIds: z.array(z.string()).optional(),
  hosts: z.number().int().optional(),
});
