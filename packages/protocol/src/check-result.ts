import {
  CHECK_STATUSES,
  COMPONENT_NAMES,
  COMPONENT_STATES,
  FINDING_SEVERITIES,
  OPTION_CATALOG,
  PORT_CHECK_STATES,
  SIP_SERVER_MODES,
} from '@standby/domain';
import { z } from 'zod';
import { zSafeText } from './safe-text';

const ZShortText = zSafeText(2_000);

/** Bounds no agent clock can honestly be outside of; the dashboard also judges times against its own clock at ingest. */
export const AGENT_TIME_WINDOW = {
  from: '2000-01-01T00:00:00.000Z',
  to: '2100-01-01T00:00:00.000Z',
} as const;
const WINDOW_FROM_MS = Date.parse(AGENT_TIME_WINDOW.from);
const WINDOW_TO_MS = Date.parse(AGENT_TIME_WINDOW.to);

/** A time the agent reports: ISO 8601 with an offset, within AGENT_TIME_WINDOW (year 0001 or 9999 is refused). */
export const ZAgentTimestampSchema = z.iso.datetime({ offset: true }).refine(
  (text) => {
    const ms = Date.parse(text);
    return ms >= WINDOW_FROM_MS && ms < WINDOW_TO_MS;
  },
  {
    message: `must be between ${AGENT_TIME_WINDOW.from.slice(0, 4)} and ${AGENT_TIME_WINDOW.to.slice(0, 4)}`,
  },
);

/** Option names and values as an agent reports them (keys and values storable text). */
export const ZReportedOptionsSchema = z.record(zSafeText(80), zSafeText(1_000));

const TIMEOUT = OPTION_CATALOG['backup-init-check-timeout'];
const SIP_PORT = OPTION_CATALOG['sip-port'];

/** The check's timeout in seconds: the bounds of backup-init-check-timeout in the domain catalog. */
export const ZCheckTimeoutSecSchema = z.number().int().min(TIMEOUT.min).max(TIMEOUT.max);

/** Time until a component was ready, from the start of the check: up to twice the longest timeout (late readiness included). */
export const ZReadyAfterMsSchema = z
  .number()
  .int()
  .nonnegative()
  .max(TIMEOUT.max * 1_000 * 2);

/**
 * readyAfterMs counts from the start of the check. For a `timeout` component it may be set later
 * (see check:late): the component did become ready, after the deadline; the verdict stays a failure.
 */
export const ZComponentResultSchema = z.object({
  name: z.enum(COMPONENT_NAMES),
  state: z.enum(COMPONENT_STATES),
  readyAfterMs: ZReadyAfterMsSchema.nullable(),
  detail: ZShortText.nullable(),
});
export type TComponentResult = z.infer<typeof ZComponentResultSchema>;

export const ZPortCheckSchema = z.object({
  state: z.enum(PORT_CHECK_STATES),
  reason: ZShortText.nullable(),
  port: z.number().int().min(SIP_PORT.min).max(SIP_PORT.max).nullable(),
  address: zSafeText(255).nullable(),
});
export type TPortCheck = z.infer<typeof ZPortCheckSchema>;

export const ZFindingSchema = z.object({
  code: zSafeText(80).min(1),
  severity: z.enum(FINDING_SEVERITIES),
  message: ZShortText,
  option: zSafeText(80).optional(),
});
export type TFinding = z.infer<typeof ZFindingSchema>;

/**
 * Why a check ran: `start` a SIP Server start the agent saw, `agent-start` the agent's own start,
 * `command` the dashboard asked, `interval` the agent's schedule, `manual` the `check` CLI command,
 * `role-change` the SIP Server became backup (switchover).
 */
export const CHECK_TRIGGERS = [
  'start',
  'agent-start',
  'command',
  'interval',
  'manual',
  'role-change',
] as const;
export type TCheckTrigger = (typeof CHECK_TRIGGERS)[number];

const ZOptionsRecord = ZReportedOptionsSchema;

/** Each component at most once: the dashboard stores one row per component and run. */
export function hasDuplicateNames(items: readonly { name: string }[]): string | undefined {
  const seen = new Set<string>();
  for (const { name } of items) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** One finished run of the backup initialization check: printed by `agent check --json` and streamed to the dashboard. */
export const ZCheckResultSchema = z
  .object({
    runId: z.uuid(),
    status: z.enum(CHECK_STATUSES),
    applicable: z.boolean(),
    mode: z.enum(SIP_SERVER_MODES),
    checkEnabled: z.boolean(),
    timeoutSec: ZCheckTimeoutSecSchema,
    trigger: z.enum(CHECK_TRIGGERS),
    startedAt: ZAgentTimestampSchema,
    finishedAt: ZAgentTimestampSchema,
    durationMs: z.number().int().nonnegative(),
    components: z
      .array(ZComponentResultSchema)
      .max(COMPONENT_NAMES.length)
      .superRefine((components, context) => {
        const twice = hasDuplicateNames(components);
        if (twice)
          context.addIssue({ code: 'custom', message: `component "${twice}" is listed more than once` });
      }),
    portCheck: ZPortCheckSchema,
    findings: z.array(ZFindingSchema).max(100),
    /** The effective values the check ran with: those the SIP Server started with. */
    options: ZOptionsRecord,
    /** The options file as it was when the check ran (may hold changes pending a restart). */
    configuredOptions: ZOptionsRecord.default({}),
    /** The agent's clock just before it read the options file (optional: older agents). */
    configuredOptionsReadAt: ZAgentTimestampSchema.optional(),
    /** The SIP Server version as observed when the check ran. */
    version: zSafeText(64).optional(),
    /** When the SIP Server instance the check looked at started, when the agent knows it. */
    serverStartedAt: ZAgentTimestampSchema.nullable().default(null),
    reasons: z.array(ZShortText).max(20).default([]),
  })
  .refine((r) => Date.parse(r.finishedAt) >= Date.parse(r.startedAt), {
    message: 'finishedAt must not be before startedAt',
    path: ['finishedAt'],
  });
export type TCheckResult = z.infer<typeof ZCheckResultSchema>;
