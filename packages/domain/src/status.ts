/** Statuses a SIP Server reports to its management layer (LCA/SCS). */
export const CHECK_STATUSES = ['RUNNING', 'SERVICE_UNAVAILABLE'] as const;
export type TCheckStatus = (typeof CHECK_STATUSES)[number];

/** What the dashboard shows: INITIALIZING while a check runs, UNKNOWN without recent data. */
export const HOST_STATUSES = ['RUNNING', 'SERVICE_UNAVAILABLE', 'INITIALIZING', 'UNKNOWN'] as const;
export type THostStatus = (typeof HOST_STATUSES)[number];

export const SIP_SERVER_MODES = ['backup', 'primary'] as const;
export type TSipServerMode = (typeof SIP_SERVER_MODES)[number];

export const PORT_CHECK_STATES = ['passed', 'failed', 'skipped', 'not-run'] as const;
export type TPortCheckState = (typeof PORT_CHECK_STATES)[number];

export const FINDING_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type TFindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** The SIP port check's outcome; reason says why it failed or was skipped. */
export interface TPortCheckResult {
  state: TPortCheckState;
  reason?: string;
}

/**
 * The fleet's own answer per host — would this backup serve if promoted now?
 * `primary`: not a backup, the question does not apply.
 */
export const HOST_VERDICTS = [
  'would-not-serve',
  'unknown',
  'not-verified',
  'would-serve',
  'primary',
] as const;
export type THostVerdict = (typeof HOST_VERDICTS)[number];

/** Why a host has its verdict, as a stable code (the reason text says it in words). */
export const VERDICT_CAUSES = [
  'check-failed',
  'check-passed',
  'check-disabled',
  'version-too-old',
  'version-invalid',
  'start-check-running',
  'no-check-since-start',
  'never-checked',
  'agent-disconnected',
  'no-data',
  'never-reported',
  'mode-unknown',
  'primary-mode',
] as const;
export type TVerdictCause = (typeof VERDICT_CAUSES)[number];
