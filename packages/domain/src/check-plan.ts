import type { TEffectiveOptions } from './option-catalog';
import type { TPortCheckState, TSipServerMode } from './status';
import { MIN_CHECK_VERSION, parseVersion, supportsBackupInitCheck } from './version';

export interface TCheckPlanInput {
  mode: TSipServerMode;
  version: string;
  /** Effective values (see resolveEffectiveOptions): the check never uses pending ones. */
  options: TEffectiveOptions;
  /** Primary and backup run on the same host. */
  sameHost: boolean;
}

export const NOT_APPLICABLE_REASONS = ['version-invalid', 'version-too-old', 'primary-mode'] as const;
export type TNotApplicableReason = (typeof NOT_APPLICABLE_REASONS)[number];

export const PORT_CHECK_SKIP_REASONS = [
  'not-applicable',
  'check-disabled',
  'port-check-disabled',
  'ip-address-takeover',
  'same-host',
] as const;
export type TPortCheckSkipReason = (typeof PORT_CHECK_SKIP_REASONS)[number];

export interface TPortCheckPlan {
  run: boolean;
  skipReason?: TPortCheckSkipReason;
}

export interface TCheckPlan {
  applicable: boolean;
  notApplicableReason?: TNotApplicableReason;
  /** Wait for the four components. */
  runComponents: boolean;
  timeoutSec: number;
  portCheck: TPortCheckPlan;
}

/** What the agent must verify before probing anything (`check-needs-8.1.103.64` to `port-check-skipped-for-takeover-or-same-host`). */
export function planCheck(input: TCheckPlanInput): TCheckPlan {
  const timeoutSec = input.options['backup-init-check-timeout'];
  const notApplicableReason = findNotApplicableReason(input);
  if (notApplicableReason !== undefined) {
    return {
      applicable: false,
      notApplicableReason,
      runComponents: false,
      timeoutSec,
      portCheck: { run: false, skipReason: 'not-applicable' },
    };
  }
  const [skip] = listPortCheckSkipReasons(input.options, input.sameHost);
  if (skip === 'check-disabled') {
    return {
      applicable: true,
      runComponents: false,
      timeoutSec,
      portCheck: { run: false, skipReason: 'check-disabled' },
    };
  }
  return {
    applicable: true,
    runComponents: true,
    timeoutSec,
    portCheck: skip === undefined ? { run: true } : { run: false, skipReason: skip },
  };
}

function findNotApplicableReason(input: TCheckPlanInput): TNotApplicableReason | undefined {
  if (!parseVersion(input.version).ok) return 'version-invalid';
  if (!supportsBackupInitCheck(input.version)) return 'version-too-old';
  if (input.mode !== 'backup') return 'primary-mode';
  return undefined;
}

/** The options the port check depends on. */
export type TPortCheckOptions = Pick<
  TEffectiveOptions,
  'backup-init-check' | 'backup-sip-port-check' | 'control-vip-scripts'
>;

/**
 * Rules `check-off-verifies-nothing` and `port-check-skipped-for-takeover-or-same-host`, stated once: every
 * reason why a backup where the check applies does not verify its SIP port, in the order the check decides
 * (the first is the one a run reports). Empty: the port check runs.
 */
export function listPortCheckSkipReasons(
  options: TPortCheckOptions,
  sameHost: boolean,
): Exclude<TPortCheckSkipReason, 'not-applicable'>[] {
  const reasons: Exclude<TPortCheckSkipReason, 'not-applicable'>[] = [];
  if (!options['backup-init-check']) reasons.push('check-disabled');
  if (!options['backup-sip-port-check']) reasons.push('port-check-disabled');
  // IP Address Takeover first: the seed names it explicitly, same host is the general limitation.
  if (options['control-vip-scripts']) reasons.push('ip-address-takeover');
  if (sameHost) reasons.push('same-host');
  return reasons;
}

/**
 * backup-sip-port-check=true that verifies nothing (check off, IP Address Takeover, same host): the reasons,
 * empty when the port check is off (it does not claim anything) or really runs.
 */
export function listInertPortCheckReasons(
  options: TPortCheckOptions,
  sameHost: boolean,
): Exclude<TPortCheckSkipReason, 'not-applicable' | 'port-check-disabled'>[] {
  if (!options['backup-sip-port-check']) return [];
  return listPortCheckSkipReasons(options, sameHost).filter((reason) => reason !== 'port-check-disabled');
}

/** Why the port check does not run, in a few words (completes "SIP port check not run: ..."). */
export const PORT_CHECK_SKIP_CAUSES: Record<TPortCheckSkipReason, string> = {
  'not-applicable': 'the backup initialization check does not apply',
  'check-disabled': 'backup-init-check is false',
  'port-check-disabled': 'backup-sip-port-check is false',
  'ip-address-takeover':
    'control-vip-scripts is true (IP Address Takeover: the virtual IP lives on the primary)',
  'same-host': 'primary and backup run on the same host, where the port check does not work',
};

export function describeNotApplicable(reason: TNotApplicableReason, version: string): string {
  switch (reason) {
    case 'version-invalid': {
      const parsed = parseVersion(version);
      const why = parsed.ok ? '' : ` (${parsed.reason})`;
      return `SIP Server version "${version}" is not valid${why}, so the backup initialization check is not assumed to exist`;
    }
    case 'version-too-old':
      return `SIP Server ${version} predates ${MIN_CHECK_VERSION}: the backup initialization check does not exist in this version`;
    case 'primary-mode':
      return 'SIP Server is in Primary mode: the backup initialization check applies only in Backup mode';
  }
}

export function describePortCheckSkip(reason: TPortCheckSkipReason): string {
  const verb = getSkippedPortCheckState(reason) === 'skipped' ? 'skipped' : 'not run';
  return `SIP port check ${verb}: ${PORT_CHECK_SKIP_CAUSES[reason]}`;
}

/**
 * The port check state to record when it does not run: "skipped" where it would have run but cannot
 * work (`port-check-skipped-for-takeover-or-same-host`), "not-run" where the configuration does not ask for it.
 */
export function getSkippedPortCheckState(
  reason: TPortCheckSkipReason,
): Exclude<TPortCheckState, 'passed' | 'failed'> {
  return reason === 'ip-address-takeover' || reason === 'same-host' ? 'skipped' : 'not-run';
}
