import { ALERT_CONDITIONS, FINDING_SEVERITIES } from '@standby/domain';
import { z } from 'zod';
import { ALERT_CHANNEL_KINDS, ZAlertChannelConfigInputSchema } from './alert-channels';
import { zBigintId } from './bigint-id';
import { ZCursorSchema } from './browser-api';
import { zSafeText } from './safe-text';

// Shapes of the `alerts.*` procedures (packages/api/src/routers/alerts.ts). Dates are Dates (superjson);
// ids stay strings. See docs/ALERTS.md for what rules, deliveries and silences do.

export const ZAlertConditionSchema = z.enum(ALERT_CONDITIONS);

const ZName = zSafeText().trim().min(1).max(120);

/** A moment a person schedules (silences): within years the database and the UI handle sensibly. */
const ZScheduleDate = z
  .date()
  .min(new Date('2000-01-01T00:00:00.000Z'), 'must be in the year 2000 or later')
  .max(new Date('2100-01-01T00:00:00.000Z'), 'must be before the year 2100');

// ---------------------------------------------------------------------------------------------------------
// Channels (secrets always redacted in answers)

export const ZAlertChannelViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ALERT_CHANNEL_KINDS),
  enabled: z.boolean(),
  /** Every secret replaced by ALERT_CHANNEL_SECRET_MARKER, for everyone (admins included). */
  config: ZAlertChannelConfigInputSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TAlertChannelView = z.infer<typeof ZAlertChannelViewSchema>;

export const ZAlertChannelCreateSchema = z.strictObject({
  name: ZName,
  enabled: z.boolean().default(true),
  config: ZAlertChannelConfigInputSchema,
});
export type TAlertChannelCreate = z.infer<typeof ZAlertChannelCreateSchema>;

/** A secret sent back as the marker keeps the stored one (mergeChannelSecrets). */
export const ZAlertChannelUpdateSchema = z.strictObject({
  id: z.uuid(),
  name: ZName.optional(),
  enabled: z.boolean().optional(),
  config: ZAlertChannelConfigInputSchema.optional(),
});
export type TAlertChannelUpdate = z.infer<typeof ZAlertChannelUpdateSchema>;

/** Sends a `test` notice now, with the stored configuration or (unsaved form) `config` merged with it. */
export const ZAlertChannelTestSchema = z.strictObject({
  id: z.uuid(),
  config: ZAlertChannelConfigInputSchema.optional(),
});
export const ZAlertChannelTestResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), durationMs: z.number() }),
  z.object({ ok: z.literal(false), durationMs: z.number(), error: z.string(), retryable: z.boolean() }),
]);
export type TAlertChannelTestResult = z.infer<typeof ZAlertChannelTestResultSchema>;

// ---------------------------------------------------------------------------------------------------------
// Rules

export const ZAlertScopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fleet') }),
  z.strictObject({ kind: z.literal('pairs'), pairIds: z.array(z.uuid()).min(1).max(1_000) }),
  z.strictObject({ kind: z.literal('hosts'), hostIds: z.array(z.uuid()).min(1).max(10_000) }),
]);
export type TAlertScope = z.infer<typeof ZAlertScopeSchema>;

const ZRuleChannels = {
  /** Every channel, present and future (the built-in default rule), or only `channelIds`. */
  allChannels: z.boolean(),
  channelIds: z.array(z.uuid()).max(100),
};

export const ZAlertRuleCreateSchema = z
  .strictObject({
    name: ZName,
    conditions: z.array(ZAlertConditionSchema).min(1).max(ALERT_CONDITIONS.length),
    scope: ZAlertScopeSchema.default({ kind: 'fleet' }),
    allChannels: ZRuleChannels.allChannels.default(false),
    channelIds: ZRuleChannels.channelIds.default([]),
    enabled: z.boolean().default(true),
  })
  .refine((rule) => rule.allChannels || rule.channelIds.length > 0, {
    message: 'name at least one channel, or all channels',
    path: ['channelIds'],
  });
export type TAlertRuleCreate = z.infer<typeof ZAlertRuleCreateSchema>;

export const ZAlertRuleUpdateSchema = z.strictObject({
  id: z.uuid(),
  name: ZName.optional(),
  conditions: z.array(ZAlertConditionSchema).min(1).max(ALERT_CONDITIONS.length).optional(),
  scope: ZAlertScopeSchema.optional(),
  allChannels: ZRuleChannels.allChannels.optional(),
  channelIds: ZRuleChannels.channelIds.optional(),
  enabled: z.boolean().optional(),
});
export type TAlertRuleUpdate = z.infer<typeof ZAlertRuleUpdateSchema>;

export const ZAlertRuleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  conditions: z.array(ZAlertConditionSchema),
  scope: ZAlertScopeSchema,
  allChannels: z.boolean(),
  channelIds: z.array(z.string()),
  enabled: z.boolean(),
  /** The default rule (would-not-serve and unknown to every channel): can be edited or turned off, not deleted. */
  builtIn: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TAlertRuleView = z.infer<typeof ZAlertRuleViewSchema>;

// ---------------------------------------------------------------------------------------------------------
// Silences (maintenance windows)

export const ZSilenceScopeSchema = ZAlertScopeSchema;

export const ZAlertSilenceCreateSchema = z
  .strictObject({
    scope: ZSilenceScopeSchema,
    /** Now or later; a moment in the past counts as now. */
    startsAt: ZScheduleDate,
    endsAt: ZScheduleDate,
    reason: zSafeText().trim().min(1).max(500),
  })
  .refine((silence) => silence.endsAt > silence.startsAt, {
    message: 'the end must come after the start',
    path: ['endsAt'],
  });
export type TAlertSilenceCreate = z.infer<typeof ZAlertSilenceCreateSchema>;

export const SILENCE_STATES = ['scheduled', 'active', 'ended'] as const;

export const ZAlertSilenceViewSchema = z.object({
  id: z.string(),
  scope: ZSilenceScopeSchema,
  startsAt: z.date(),
  endsAt: z.date(),
  reason: z.string(),
  state: z.enum(SILENCE_STATES),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  /** Ended early by an operator. */
  endedAt: z.date().nullable(),
  endedBy: z.string().nullable(),
});
export type TAlertSilenceView = z.infer<typeof ZAlertSilenceViewSchema>;

export const ZAlertSilenceListSchema = z.object({
  /** Also silences that are over (newest first, up to `limit`). */
  includeEnded: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
});

/** A host under an active silence, for the fleet and host pages. */
export const ZHostSilenceSchema = z.object({
  hostId: z.string(),
  /** The end of the silences covering it now (overlapping ones chained). */
  silencedUntil: z.date(),
  reasons: z.array(z.string()),
});
export type THostSilence = z.infer<typeof ZHostSilenceSchema>;

// ---------------------------------------------------------------------------------------------------------
// Alerts and their history

export const ALERT_STATES = ['open', 'closed'] as const;

export const ZAlertViewSchema = z.object({
  id: z.string(),
  condition: ZAlertConditionSchema,
  severity: z.enum(FINDING_SEVERITIES),
  hostId: z.string().nullable(),
  subject: z.string(),
  summary: z.string(),
  state: z.enum(ALERT_STATES),
  /** Since when (kept by a re-opening within the hold-down). */
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  /** When its trigger went to the channels (null: not yet, silenced, or closed before). */
  triggeredAt: z.date().nullable(),
  silencedUntil: z.date().nullable(),
  finishedAt: z.date().nullable(),
});
export type TAlertView = z.infer<typeof ZAlertViewSchema>;

export const ZAlertListSchema = z.object({
  state: z.enum([...ALERT_STATES, 'all']).default('open'),
  hostId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  cursor: ZCursorSchema.optional(),
});
export const ZAlertPageSchema = z.object({
  alerts: z.array(ZAlertViewSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type TAlertPage = z.infer<typeof ZAlertPageSchema>;

/**
 * One row of an alert's history. opened / reopened / closed: the condition (from the verdict);
 * silenced: held at trigger time by a silence; unrouted: no rule sends it anywhere; queued / sent /
 * failed (attempt, error) / dead / canceled: one notice to one channel; resolved: resolves queued for
 * the triggers that were sent; dropped: closed before anything was sent (hold-down, silence).
 */
export const ALERT_HISTORY_KINDS = [
  'opened',
  'reopened',
  'closed',
  'silenced',
  'unrouted',
  'queued',
  'sent',
  'failed',
  'dead',
  'canceled',
  'resolved',
  'dropped',
] as const;
export type TAlertHistoryKind = (typeof ALERT_HISTORY_KINDS)[number];

export const ZAlertHistoryEntrySchema = z.object({
  id: z.string(),
  at: z.date(),
  kind: z.enum(ALERT_HISTORY_KINDS),
  alertId: z.string(),
  condition: ZAlertConditionSchema,
  severity: z.enum(FINDING_SEVERITIES),
  hostId: z.string().nullable(),
  subject: z.string(),
  /** For delivery rows: which notice, to which channel, which attempt. */
  notice: z.enum(['trigger', 'resolve']).nullable(),
  channelName: z.string().nullable(),
  attempt: z.number().int().nullable(),
  detail: z.string().nullable(),
});
export type TAlertHistoryEntry = z.infer<typeof ZAlertHistoryEntrySchema>;

export const ZAlertHistoryQuerySchema = z.object({
  /** History kinds to keep (e.g. ['sent'], ['failed', 'dead']); all by default. */
  state: z.array(z.enum(ALERT_HISTORY_KINDS)).max(ALERT_HISTORY_KINDS.length).optional(),
  hostId: z.uuid().optional(),
  alertId: zBigintId('a decimal alert id').optional(),
  limit: z.number().int().min(1).max(500).default(100),
  cursor: ZCursorSchema.optional(),
});
export type TAlertHistoryQuery = z.infer<typeof ZAlertHistoryQuerySchema>;

export const ZAlertHistoryPageSchema = z.object({
  entries: z.array(ZAlertHistoryEntrySchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type TAlertHistoryPage = z.infer<typeof ZAlertHistoryPageSchema>;

/** Notices that gave up (dead) or are still being retried, for inspection. */
export const DELIVERY_STATES = ['queued', 'sending', 'retrying', 'sent', 'dead', 'canceled'] as const;
export const ZAlertDeliveryViewSchema = z.object({
  id: z.string(),
  alertId: z.string(),
  condition: ZAlertConditionSchema,
  subject: z.string(),
  hostId: z.string().nullable(),
  channelId: z.string().nullable(),
  channelName: z.string(),
  notice: z.enum(['trigger', 'resolve']),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.date().nullable(),
  createdAt: z.date(),
});
export type TAlertDeliveryView = z.infer<typeof ZAlertDeliveryViewSchema>;

export const ZAlertDeliveryListSchema = z.object({
  state: z.array(z.enum(DELIVERY_STATES)).max(DELIVERY_STATES.length).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  cursor: ZCursorSchema.optional(),
});
export const ZAlertDeliveryPageSchema = z.object({
  deliveries: z.array(ZAlertDeliveryViewSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type TAlertDeliveryPage = z.infer<typeof ZAlertDeliveryPageSchema>;
