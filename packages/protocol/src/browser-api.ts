import {
  CHECK_OPTION_NAMES,
  CHECK_STATUSES,
  FINDING_SEVERITIES,
  HOST_STATUSES,
  HOST_VERDICTS,
} from '@standby/domain';
import { z } from 'zod';
import { CHECK_TRIGGERS, ZComponentResultSchema, ZFindingSchema, ZPortCheckSchema } from './check-result';
import { ZFleetFilterSchema } from './fleet-filter';
import { ZCheckingSchema, ZHostSummarySchema } from './live-events';

// Shapes of the dashboard's read API (tRPC queries) as the browser sees them. Dates are ISO strings: the
// same shapes (host summaries, fleet rows) also travel over socket.io as plain JSON, and one type for both
// keeps live updates mergeable. Bigint ids are decimal strings: URLs and cursors carry them. (The tRPC link
// itself uses superjson, so a procedure that declares a Date returns a Date.)

/** Opaque keyset cursor, as returned in `nextCursor`. */
export const ZCursorSchema = z
  .string()
  .min(1)
  .max(2_048)
  .regex(/^[A-Za-z0-9_-]+$/, 'a cursor as returned in nextCursor');
const ZIsoDate = z.string();
const ZNullableIsoDate = ZIsoDate.nullable();

/** An options map as the agent reports it ([TServer] key ⇒ value as written). */
export const ZOptionsMapSchema = z.record(z.string(), z.string());
export type TOptionsMap = z.infer<typeof ZOptionsMapSchema>;

/** A finding as the browser shows it: from the latest check (agent, ingest) or evaluated by the dashboard. */
export const ZBrowserFindingSchema = ZFindingSchema.extend({
  suggestedValue: z.string().optional(),
  rule: z.string().optional(),
  source: z.enum(['last-check', 'dashboard']),
});
export type TBrowserFinding = z.infer<typeof ZBrowserFindingSchema>;

// ---------------------------------------------------------------------------------------------------------
// Fleet

export const FLEET_SORTS = ['pair', 'hostname', 'status', 'lastCheckAt'] as const;
export type TFleetSort = (typeof FLEET_SORTS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type TSortDirection = (typeof SORT_DIRECTIONS)[number];

export const ZFleetPageInputSchema = z.object({
  filter: ZFleetFilterSchema.optional(),
  sort: z.enum(FLEET_SORTS).default('pair'),
  direction: z.enum(SORT_DIRECTIONS).default('asc'),
  limit: z.number().int().min(1).max(500).default(100),
  cursor: ZCursorSchema.optional(),
});
export type TFleetPageInput = z.infer<typeof ZFleetPageInputSchema>;

/** A host summary (as live deltas carry it) plus what filtering and editing need. */
export const ZFleetHostSchema = ZHostSummarySchema.extend({
  pairId: z.string().nullable(),
  effectiveOptions: ZOptionsMapSchema,
});
export type TFleetHost = z.infer<typeof ZFleetHostSchema>;

export const ZFleetPageSchema = z.object({
  hosts: z.array(ZFleetHostSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type TFleetPage = z.infer<typeof ZFleetPageSchema>;

export const ZFleetCountsSchema = z.object({
  total: z.number().int(),
  byStatus: z.record(z.enum(HOST_STATUSES), z.number().int()),
  byVerdict: z.record(z.enum(HOST_VERDICTS), z.number().int()),
  pendingRestart: z.number().int(),
  withCritical: z.number().int(),
});
export type TFleetCounts = z.infer<typeof ZFleetCountsSchema>;

// ---------------------------------------------------------------------------------------------------------
// Pair

export const ZPairMemberSchema = ZFleetHostSchema.extend({ configuredOptions: ZOptionsMapSchema });
export type TPairMember = z.infer<typeof ZPairMemberSchema>;

const ZHostRef = z.object({ hostId: z.string(), hostname: z.string() });

export const ZPairDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(ZPairMemberSchema),
  /** Effective check options compared between the two members; null unless the pair has exactly two. */
  drift: z
    .object({
      a: ZHostRef,
      b: ZHostRef,
      options: z.array(z.object({ option: z.enum(CHECK_OPTION_NAMES), a: z.string(), b: z.string() })),
      findings: z.array(ZBrowserFindingSchema),
    })
    .nullable(),
});
export type TPairDetail = z.infer<typeof ZPairDetailSchema>;

// ---------------------------------------------------------------------------------------------------------
// Host and its runs

export const ZCheckRunViewSchema = z.object({
  id: z.string(),
  status: z.enum(CHECK_STATUSES),
  trigger: z.enum(CHECK_TRIGGERS),
  late: z.boolean(),
  applicable: z.boolean(),
  checkEnabled: z.boolean(),
  mode: z.string(),
  /** The version observed when the check ran (null for runs stored before it was recorded). */
  version: z.string().nullable(),
  /** Why the status is what it is, and why less was verified (not applicable, check off, port skipped). */
  reasons: z.array(z.string()),
  timeoutSec: z.number().int(),
  startedAt: ZIsoDate,
  finishedAt: ZIsoDate,
  durationMs: z.number().int(),
  portCheck: ZPortCheckSchema,
  findings: z.array(ZFindingSchema),
  components: z.array(ZComponentResultSchema),
});
export type TCheckRunView = z.infer<typeof ZCheckRunViewSchema>;

export const ZHostDetailSchema = z.object({
  host: z.object({
    id: z.string(),
    hostname: z.string(),
    application: z.string(),
    pair: z.object({ id: z.string(), name: z.string() }).nullable(),
    mode: z.string(),
    version: z.string().nullable(),
    sameHost: z.boolean(),
    configuredOptions: ZOptionsMapSchema,
    effectiveOptions: ZOptionsMapSchema,
    pendingRestart: z.boolean(),
    pendingSince: ZNullableIsoDate,
    /** UNKNOWN while the agent is not connected or its data is stale. */
    status: z.enum(HOST_STATUSES),
    statusSince: ZNullableIsoDate,
    lastCheckAt: ZNullableIsoDate,
    verdict: z.enum(HOST_VERDICTS),
    verdictCause: z.string(),
    verdictReason: z.string(),
    /** Every reason behind the verdict (each failing component, the port, ...). */
    verdictReasons: z.array(z.string()),
    verdictSince: ZNullableIsoDate,
    /** When the running SIP Server started, as its agent observed it. */
    serverStartedAt: ZNullableIsoDate,
    /** The last time the dashboard heard from the agent (hello, result, progress). */
    lastSeenAt: ZNullableIsoDate,
    /** After this, with no news, the host becomes unknown. */
    staleAfter: ZNullableIsoDate,
    checking: ZCheckingSchema.nullable(),
    /** Components of the check in progress as the agent reported them. */
    liveComponents: z.array(ZComponentResultSchema.pick({ name: true, state: true, readyAfterMs: true })),
    agent: z
      .object({
        connected: z.boolean(),
        lastSeenAt: ZNullableIsoDate,
        agentVersion: z.string().nullable(),
        enrolledAt: ZIsoDate,
        revokedAt: ZNullableIsoDate,
      })
      .nullable(),
  }),
  latestRun: ZCheckRunViewSchema.nullable(),
  findings: z.array(ZBrowserFindingSchema),
});
export type THostDetail = z.infer<typeof ZHostDetailSchema>;

export const ZHostRunsPageSchema = z.object({
  runs: z.array(ZCheckRunViewSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type THostRunsPage = z.infer<typeof ZHostRunsPageSchema>;

export const ZStartupPointSchema = z.object({
  runId: z.string(),
  startedAt: ZIsoDate,
  /** The slowest component's readyAfterMs, including readiness observed after the timeout; null when none became ready. */
  maxReadyAfterMs: z.number().int().nullable(),
  /** Some component was not ready within the timeout (the point is late, or never ready: see neverReady). */
  timedOut: z.boolean(),
  /** Some component was never seen ready, even past the timeout: maxReadyAfterMs is a lower bound. */
  neverReady: z.boolean(),
  timeoutSec: z.number().int(),
  status: z.enum(CHECK_STATUSES),
});
export type TStartupPoint = z.infer<typeof ZStartupPointSchema>;

export const ZStartupSeriesSchema = z.object({ points: z.array(ZStartupPointSchema) });
export type TStartupSeries = z.infer<typeof ZStartupSeriesSchema>;

/** Things that happened to a host besides checks: a switchover, an options file changed outside Standby. */
export const HOST_EVENT_KINDS = ['switchover', 'outside-change', 'version-change', 'server-start'] as const;
export const ZHostEventSchema = z.object({
  id: z.string(),
  at: ZIsoDate,
  kind: z.enum(HOST_EVENT_KINDS),
  /** e.g. {mode: 'primary'} → {mode: 'backup'}; {options: {...}} before/after. */
  before: z.json().nullable(),
  after: z.json().nullable(),
  summary: z.string(),
});
export type THostEvent = z.infer<typeof ZHostEventSchema>;

export const ZHostEventsPageSchema = z.object({
  events: z.array(ZHostEventSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type THostEventsPage = z.infer<typeof ZHostEventsPageSchema>;

// ---------------------------------------------------------------------------------------------------------
// Fleet-wide findings, changes, audit log

export const ZFleetFindingSchema = z.object({
  hostId: z.string(),
  hostname: z.string(),
  pair: z.object({ id: z.string(), name: z.string() }).nullable(),
  code: z.string(),
  severity: z.enum(FINDING_SEVERITIES),
  message: z.string(),
  option: z.string().nullable(),
  suggestedValue: z.string().nullable(),
});
export type TFleetFinding = z.infer<typeof ZFleetFindingSchema>;

export const ZFleetFindingsPageSchema = z.object({
  findings: z.array(ZFleetFindingSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type TFleetFindingsPage = z.infer<typeof ZFleetFindingsPageSchema>;

export const ZOptionChangeViewSchema = z.object({
  id: z.string(),
  /** null for a change made outside Standby (seen in the options file, not sent by the dashboard). */
  commandId: z.string().nullable(),
  source: z.enum(['standby', 'outside']),
  hostId: z.string(),
  hostname: z.string(),
  option: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string(),
  /** A revert's change: the change whose previous value it sent back. */
  revertsChangeId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  reason: z.string().nullable(),
  state: z.string(),
  stateReason: z.string().nullable(),
  createdAt: ZIsoDate,
  updatedAt: ZIsoDate,
});
export type TOptionChangeView = z.infer<typeof ZOptionChangeViewSchema>;

export const ZOptionChangesPageSchema = z.object({
  changes: z.array(ZOptionChangeViewSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type TOptionChangesPage = z.infer<typeof ZOptionChangesPageSchema>;

export const ZAuditEventViewSchema = z.object({
  id: z.string(),
  at: ZIsoDate,
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.json().nullable(),
  after: z.json().nullable(),
  ip: z.string().nullable(),
});
export type TAuditEventView = z.infer<typeof ZAuditEventViewSchema>;

export const ZAuditEventsPageSchema = z.object({
  events: z.array(ZAuditEventViewSchema),
  nextCursor: ZCursorSchema.nullable(),
});
export type TAuditEventsPage = z.infer<typeof ZAuditEventsPageSchema>;
