import { findAgentClockSkew } from './agent-clock-skew';
import { findBackupCheckDisabled } from './backup-check-disabled';
import { findBaselineDrift } from './baseline-drift';
import type { TFinding } from './finding';
import { buildHostFindingContext, type THostFindingRule, type THostFindingsInput } from './host-context';
import { findInvalidOptionValues } from './invalid-option-values';
import { findLastCheckFailed } from './last-check-failed';
import { findPendingRestartStale } from './pending-restart';
import { findPortCheckInert } from './port-check-inert';
import { findTimeoutBelowStartup } from './timeout-below-startup';
import { findVersionInvalid, findVersionTooOldOptionsSet } from './version-findings';

export * from './agent-clock-skew';
export * from './backup-check-disabled';
export * from './baseline-drift';
export * from './finding';
export * from './format-elapsed';
export * from './host-context';
export * from './invalid-option-values';
export * from './last-check-failed';
export * from './pair-drift';
export * from './pending-restart';
export * from './port-check-inert';
export * from './timeout-below-startup';
export * from './version-findings';

/** Every finding one host can tell about itself, in this order (most severe causes first). */
export const HOST_FINDING_RULES: readonly THostFindingRule[] = [
  findLastCheckFailed,
  findBackupCheckDisabled,
  findVersionInvalid,
  findVersionTooOldOptionsSet,
  findInvalidOptionValues,
  findTimeoutBelowStartup,
  findPortCheckInert,
  findPendingRestartStale,
  findAgentClockSkew,
  findBaselineDrift,
];

export function evaluateHostFindings(input: THostFindingsInput): TFinding[] {
  const context = buildHostFindingContext(input);
  return HOST_FINDING_RULES.flatMap((rule) => rule(context));
}
