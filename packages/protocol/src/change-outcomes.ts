import { z } from 'zod';

/**
 * "Change #N": a ChangeRequest id, a decimal string on the wire (a bigint in the database). At most 18
 * digits always fits a bigint, so no second check has to convert a value the pattern refused.
 */
export const ZChangeRequestIdSchema = z.string().regex(/^\d{1,18}$/, 'a decimal change number');

/** A check that failed after the change: which components were not ready, and the SIP port. */
export const ZChangeFailureSchema = z.object({
  runId: z.string(),
  startedAt: z.date(),
  /** Component labels that were not ready in time, with their state (timeout | failed). */
  components: z.array(z.object({ name: z.string(), label: z.string(), state: z.string() })),
  portState: z.string(),
  port: z.number().int().nullable(),
  portReason: z.string().nullable(),
});

/** One host a change reached, and what followed on it. */
export const ZChangeHostOutcomeSchema = z.object({
  hostId: z.string(),
  hostname: z.string(),
  application: z.string(),
  commandId: z.string(),
  /** The command's state: pending | delivered | applied | rejected. */
  state: z.string(),
  stateReason: z.string().nullable(),
  appliedAt: z.date().nullable(),
  changes: z.array(z.object({ option: z.string(), from: z.string().nullable(), to: z.string() })),
  /** The SIP Server started after the change was applied (it now runs with the new values). */
  restarted: z.boolean(),
  /** Runs whose SIP Server start is after the change was applied (until the host's next applied change). */
  linkedRuns: z.number().int(),
  /** The latest linked run's status, or null without one. */
  statusAfter: z.string().nullable(),
  /** The latest run before the change. */
  statusBefore: z.string().nullable(),
  failing: z.boolean(),
  /** Passed before the change and fails after it. */
  newFailure: z.boolean(),
  failure: ZChangeFailureSchema.nullable(),
});
export type TChangeHostOutcome = z.infer<typeof ZChangeHostOutcomeSchema>;

export const ZChangeTallySchema = z.object({
  hosts: z.number().int(),
  applied: z.number().int(),
  rejected: z.number().int(),
  waiting: z.number().int(),
  restarted: z.number().int(),
  failing: z.number().int(),
  newFailures: z.number().int(),
});
export type TChangeTally = z.infer<typeof ZChangeTallySchema>;

export const ZChangeSummarySchema = z.object({
  id: z.string(),
  createdAt: z.date(),
  actorLabel: z.string(),
  reason: z.string().nullable(),
  values: z.record(z.string(), z.string()),
  rolloutId: z.string().nullable(),
  wave: z.number().int().nullable(),
  tally: ZChangeTallySchema,
});
export type TChangeSummary = z.infer<typeof ZChangeSummarySchema>;

export const ZChangeListSchema = z.object({
  changes: z.array(ZChangeSummarySchema),
  nextCursor: z.string().nullable(),
});
export type TChangeList = z.infer<typeof ZChangeListSchema>;

export const ZChangeDetailSchema = ZChangeSummarySchema.extend({ hosts: z.array(ZChangeHostOutcomeSchema) });
export type TChangeDetail = z.infer<typeof ZChangeDetailSchema>;

/** A change drawn on a host's startup chart: when it was applied there and what it set. */
export const ZHostChangeMarkerSchema = z.object({
  requestId: z.string().nullable(),
  commandId: z.string(),
  appliedAt: z.date(),
  changes: z.array(z.object({ option: z.string(), from: z.string().nullable(), to: z.string() })),
  actorLabel: z.string().nullable(),
});
export type THostChangeMarker = z.infer<typeof ZHostChangeMarkerSchema>;
