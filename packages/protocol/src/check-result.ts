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

const ZShortText = z.string().max(2_000);

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
  address: z.string().max(255).nullable(),
});
export type TPortCheck = z.infer<typeof ZPortCheckSchema>;

export const ZFindingSchema = z.object({
  code: z.string().min(1).max(80),
  severity: z.enum(FINDING_SEVERITIES),
  message: ZShortText,
  option: z.string().max(80).optional(),
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

const ZOptionsRecord = z.record(z.string().max(80), z.string().max(1_000));

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
    startedAt: z.iso.datetime({ offset: true }),
    finishedAt: z.iso.datetime({ offset: true }),
    durationMs: z.number().int().nonnegative(),
    components: z.array(ZComponentResultSchema).max(COMPONENT_NAMES.length),
    portCheck: ZPortCheckSchema,
    findings: z.array(ZFindingSchema).max(100),
    /** The effective values the check ran with: those the SIP Server started with. */
    options: ZOptionsRecord,
    /** The options file as it was when the check ran (may hold changes pending a restart). */
    configuredOptions: ZOptionsRecord.default({}),
    /** The SIP Server version as observed when the check ran. */
    version: z.string().max(64).optional(),
    /** When the SIP Server instance the check looked at started, when the agent knows it. */
    serverStartedAt: z.iso.datetime({ offset: true }).nullable().default(null),
    reasons: z.array(ZShortText).max(20).default([]),
  })
  .refine((r) => Date.parse(r.finishedAt) >= Date.parse(r.startedAt), {
    message: 'finishedAt must not be before startedAt',
    path: ['finishedAt'],
  });
export type TCheckResult = z.infer<typeof ZCheckResultSchema>;
