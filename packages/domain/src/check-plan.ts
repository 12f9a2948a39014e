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

/** What the agent must verify before probing anything (PRODUCT.md rules 1-6). */
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
  if (!input.options['backup-init-check']) {
    return {
      applicable: true,
      runComponents: false,
      timeoutSec,
      portCheck: { run: false, skipReason: 'check-disabled' },
    };
  }
  const portSkip = findPortCheckSkipReason(input);
  return {
    applicable: true,
    runComponents: true,
    timeoutSec,
    portCheck: portSkip === undefined ? { run: true } : { run: false, skipReason: portSkip },
  };
}

function findNotApplicableReason(input: TCheckPlanInput): TNotApplicableReason | undefined {
  if (!parseVersion(input.version).ok) return 'version-invalid';
  if (!supportsBackupInitCheck(input.version)) return 'version-too-old';
  if (input.mode !== 'backup') return 'primary-mode';
  return undefined;
}

/** Only called once backup-init-check is known to be true. */
function findPortCheckSkipReason(input: TCheckPlanInput): TPortCheckSkipReason | undefined {
  if (!input.options['backup-sip-port-check']) return 'port-check-disabled';
  // IP Address Takeover first: the seed names it explicitly, same host is the general limitation.
  if (input.options['control-vip-scripts']) return 'ip-address-takeover';
  if (input.sameHost) return 'same-host';
  return undefined;
}

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
  switch (reason) {
    case 'not-applicable':
      return 'SIP port check not run: the backup initialization check does not apply';
    case 'check-disabled':
      return 'SIP port check not run: backup-init-check is false';
    case 'port-check-disabled':
      return 'SIP port check not run: backup-sip-port-check is false';
    case 'ip-address-takeover':
      return 'SIP port check skipped: control-vip-scripts is true (IP Address Takeover: the virtual IP lives on the primary)';
    case 'same-host':
      return 'SIP port check skipped: primary and backup run on the same host, where the port check does not work';
  }
}

/**
 * The port check state to record when it does not run: "skipped" where it would have run but cannot
 * work (rule 6), "not-run" where the configuration does not ask for it.
 */
export function getSkippedPortCheckState(
  reason: TPortCheckSkipReason,
): Exclude<TPortCheckState, 'passed' | 'failed'> {
  return reason === 'ip-address-takeover' || reason === 'same-host' ? 'skipped' : 'not-run';
}
