import { z } from 'zod';
import { ZCommandIdSchema, ZOptionChangeRequestSchema } from './agent-commands';
import { zBigintId } from './bigint-id';
import { ZCursorSchema } from './browser-api';
import { ZFindingSchema } from './check-result';
import { zSafeText } from './safe-text';

const ZOptionsMap = z.record(z.string(), z.string());

/** commands.dryRun: the change request as changeOptions takes it, plus a page of its hosts. */
export const ZOptionDryRunRequestSchema = ZOptionChangeRequestSchema.extend({
  limit: z.number().int().min(1).max(500).default(50),
  /** From the previous page's nextCursor; absent for the first page (the only one with totals). */
  cursor: ZCursorSchema.optional(),
});
export type TOptionDryRunRequest = z.infer<typeof ZOptionDryRunRequestSchema>;

export const ZPlannedOptionChangeSchema = z.object({
  option: z.string(),
  /** The value the host will have once its queued changes apply (null: not set in its options file). */
  from: z.string().nullable(),
  to: z.string(),
});
export type TPlannedOptionChange = z.infer<typeof ZPlannedOptionChangeSchema>;

/** One target host in a dry run: every value source, what would change, and what it would raise. */
export const ZPlannedHostSchema = z.object({
  hostId: z.string(),
  hostname: z.string(),
  application: z.string(),
  pairName: z.string().nullable(),
  /** The options file as the agent last read it. */
  configured: ZOptionsMap,
  /** What the running SIP Server started with (every option takes effect after a restart). */
  effective: ZOptionsMap,
  /** Values of changes sent but not yet acknowledged by the agent, applied in order. */
  queued: ZOptionsMap,
  /** Empty: the host already has (or will have) every value; the change skips it. */
  changes: z.array(ZPlannedOptionChangeSchema),
  /** Findings the new values would raise that the host does not have with its current values. */
  findingsAfter: z.array(ZFindingSchema),
});
export type TPlannedHostView = z.infer<typeof ZPlannedHostSchema>;

export const ZOptionDryRunTotalsSchema = z.object({
  hosts: z.number().int(),
  changing: z.number().int(),
  unchanged: z.number().int(),
  withNewFindings: z.number().int(),
});
export type TOptionDryRunTotals = z.infer<typeof ZOptionDryRunTotalsSchema>;

export const ZOptionDryRunPageSchema = z.object({
  /** The page's hosts by host name, changing or not. */
  hosts: z.array(ZPlannedHostSchema),
  /** Over the whole target; on the first page only (null on the next ones). */
  totals: ZOptionDryRunTotalsSchema.nullable(),
  /** Restricted options among the values: sending needs a confirmation and a reason. */
  restricted: z.array(z.string()),
  nextCursor: ZCursorSchema.nullable(),
});
export type TOptionDryRunPage = z.infer<typeof ZOptionDryRunPageSchema>;

/** commands.revert: the changes whose previous values go back (any mix; at least one). */
export const ZOptionRevertRequestSchema = z
  .object({
    changeIds: z.array(zBigintId('a decimal option change id')).max(10_000).optional(),
    commandIds: z.array(ZCommandIdSchema).max(10_000).optional(),
    rolloutId: z.uuid().optional(),
    reason: zSafeText().trim().max(500).optional(),
  })
  .refine(
    (request) => Boolean(request.changeIds?.length || request.commandIds?.length || request.rolloutId),
    { message: 'name at least one change: changeIds, commandIds or rolloutId' },
  );
export type TOptionRevertRequest = z.infer<typeof ZOptionRevertRequestSchema>;

export const ZOptionRevertOutcomeSchema = z.object({
  commandIds: z.array(z.string()),
  /** Hosts sent their previous values. */
  hosts: z.number().int(),
  /** Hosts that already had their previous values (nothing sent). */
  unchanged: z.number().int(),
  /** The option changes reverted. */
  revertedChangeIds: z.array(z.string()),
});
export type TOptionRevertOutcome = z.infer<typeof ZOptionRevertOutcomeSchema>;
