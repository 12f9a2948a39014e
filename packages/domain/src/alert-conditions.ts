import type { TFindingSeverity } from './status';

/**
 * What Standby alerts on (`alert-conditions` in docs/RULES.md). Host conditions are derived from the one
 * stored verdict (`alertConditionsOf`) and last as long as it says so; fleet events come from the audit
 * log (`fleetEventOfAuditAction`): an agent revoked, and an enrollment refused (repeated refusals for the
 * same host key fold into one alert). Both resolve when that host enrolls successfully.
 */
export const HOST_ALERT_CONDITIONS = [
  'would-not-serve',
  'unknown',
  'not-verified',
  'pending-restart-stale',
  'pair-drift',
] as const;
export const FLEET_EVENT_CONDITIONS = ['agent-revoked', 'enrollment-failed'] as const;
export const ALERT_CONDITIONS = [...HOST_ALERT_CONDITIONS, ...FLEET_EVENT_CONDITIONS] as const;
export type THostAlertCondition = (typeof HOST_ALERT_CONDITIONS)[number];
export type TFleetEventCondition = (typeof FLEET_EVENT_CONDITIONS)[number];
export type TAlertCondition = (typeof ALERT_CONDITIONS)[number];
export type TAlertSeverity = TFindingSeverity;

export interface TAlertConditionSpec {
  severity: TAlertSeverity;
  /** A few words, for lists and notices. */
  label: string;
  /** Held for the hold-down before a trigger (flapping); fleet events are sent at once. */
  holdDown: boolean;
  /** Routed by the built-in default rule. */
  onByDefault: boolean;
}

export const ALERT_CONDITION_SPECS: Readonly<Record<TAlertCondition, TAlertConditionSpec>> = {
  'would-not-serve': {
    severity: 'critical',
    label: 'Backup would not serve',
    holdDown: true,
    onByDefault: true,
  },
  unknown: {
    severity: 'warning',
    label: 'Backup unknown (no data or agent not connected)',
    holdDown: true,
    onByDefault: true,
  },
  'not-verified': {
    severity: 'warning',
    label: 'Backup not verified (check off, or version too old or unreadable)',
    holdDown: true,
    onByDefault: false,
  },
  'pending-restart-stale': {
    severity: 'info',
    label: 'Option change waiting for a restart for over a day',
    holdDown: true,
    onByDefault: false,
  },
  'pair-drift': {
    severity: 'warning',
    label: 'Check options differ within the pair',
    holdDown: true,
    onByDefault: false,
  },
  'agent-revoked': {
    severity: 'warning',
    label: 'Agent revoked',
    holdDown: false,
    onByDefault: false,
  },
  'enrollment-failed': {
    severity: 'warning',
    label: 'Agent enrollment refused',
    holdDown: false,
    onByDefault: false,
  },
};

/** The conditions the built-in default rule routes to every channel (unless an admin turns it off). */
export const DEFAULT_RULE_CONDITIONS: readonly TAlertCondition[] = ALERT_CONDITIONS.filter(
  (condition) => ALERT_CONDITION_SPECS[condition].onByDefault,
);

/** Causes of `not-verified` that are a standing state worth an alert (others pass by themselves). */
const NOT_VERIFIED_ALERT_CAUSES: ReadonlySet<string> = new Set([
  'check-disabled',
  'version-too-old',
  'version-invalid',
]);

/** The stored verdict result of one host (the `Host` row's verdict columns, or `evaluateHostVerdict`'s answer). */
export interface TAlertConditionInput {
  verdict: string;
  cause: string;
  /** A few words behind the verdict (`verdictReason`). */
  reason: string;
  /** The host's role as last reported: a primary's unknown is not alerted (its backup is what matters). */
  mode: string;
  findings: readonly { code: string; message: string }[];
}

export interface TActiveAlertCondition {
  condition: THostAlertCondition;
  severity: TAlertSeverity;
  /** Why, in a sentence, as it stood when evaluated. */
  summary: string;
}

/**
 * Every alert condition a host is in, in HOST_ALERT_CONDITIONS order: a pure function of its stored
 * verdict. The verdict writer (`refreshHostVerdictsWithin`) compares it with the host's open alerts in
 * the same transaction; nothing else decides what is alerted.
 */
export function alertConditionsOf(input: TAlertConditionInput): TActiveAlertCondition[] {
  const active: TActiveAlertCondition[] = [];
  const add = (condition: THostAlertCondition, summary: string) =>
    active.push({ condition, severity: ALERT_CONDITION_SPECS[condition].severity, summary });
  if (input.verdict === 'would-not-serve') add('would-not-serve', `Would not serve: ${input.reason}`);
  if (input.verdict === 'unknown' && input.mode !== 'primary') add('unknown', `Unknown: ${input.reason}`);
  if (input.verdict === 'not-verified' && NOT_VERIFIED_ALERT_CAUSES.has(input.cause))
    add('not-verified', `Not verified: ${input.reason}`);
  const stale = input.findings.find((finding) => finding.code === 'pending-restart-stale');
  if (stale) add('pending-restart-stale', stale.message);
  const drift = input.findings.filter((finding) => finding.code === 'pair-option-drift');
  if (drift.length) add('pair-drift', drift.map((finding) => finding.message).join('; '));
  return active;
}

/** What an audit event means for alerts: a fleet event opens, or a host's fleet events resolve. */
export type TFleetEventEffect =
  | { effect: 'open'; condition: TFleetEventCondition }
  | { effect: 'resolve'; conditions: readonly TFleetEventCondition[] };

const ENROLLED: TFleetEventEffect = { effect: 'resolve', conditions: FLEET_EVENT_CONDITIONS };

const FLEET_EVENT_ACTIONS: Readonly<Record<string, TFleetEventEffect>> = {
  'agent.revoke': { effect: 'open', condition: 'agent-revoked' },
  'agent.enroll-failed': { effect: 'open', condition: 'enrollment-failed' },
  // The host enrolled (again): its revoked agent is replaced, its refused enrollment went through.
  'agent.enroll': ENROLLED,
  'agent.re-enroll': ENROLLED,
};

/** The audit actions alerts read. */
export const FLEET_EVENT_AUDIT_ACTIONS: readonly string[] = Object.keys(FLEET_EVENT_ACTIONS);

export function fleetEventOfAuditAction(action: string): TFleetEventEffect | undefined {
  return FLEET_EVENT_ACTIONS[action];
}

export function isAlertCondition(value: string): value is TAlertCondition {
  return (ALERT_CONDITIONS as readonly string[]).includes(value);
}
