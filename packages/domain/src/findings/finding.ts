import type { TOptionName } from '../option-catalog';
import type { TRuleId } from '../rules';
import type { TFindingSeverity } from '../status';

/** Stable ids of the audit's findings; the dashboard and exports key on them. */
export const FINDING_CODES = [
  'backup-check-disabled',
  'port-check-inert',
  'invalid-option-value',
  'version-invalid',
  'version-too-old-options-set',
  'timeout-below-startup',
  'last-check-failed',
  'pending-restart-stale',
  'pair-option-drift',
  'agent-not-connected',
  'no-recent-data',
  'agent-clock-skew',
  'baseline-drift',
] as const;
export type TFindingCode = (typeof FINDING_CODES)[number];

export interface TFinding {
  code: TFindingCode;
  severity: TFindingSeverity;
  message: string;
  option?: TOptionName;
  /** A value that would resolve the finding, as written in an options file. */
  suggestedValue?: string;
  /** The rule behind the finding (its row in docs/RULES.md). */
  rule: TRuleId;
}
