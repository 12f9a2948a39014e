import { computeNearestRankPercentile } from '../percentile';
import { suggestInitCheckTimeoutSec } from '../timeout-suggestion';
import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/**
 * A timeout the components' observed startup (p95, nearest rank) does not fit in: the check would report
 * SERVICE_UNAVAILABLE for a backup that is only slow (`four-components-within-timeout`).
 */
export function findTimeoutBelowStartup(context: THostFindingContext): TFinding[] {
  const { input, effective, supportsCheck } = context;
  if (!supportsCheck || !effective['backup-init-check']) return [];
  const samples = (input.observedStartupMs ?? []).filter((ms) => Number.isFinite(ms) && ms >= 0);
  const p95Ms = computeNearestRankPercentile(samples, 95);
  const timeoutSec = effective['backup-init-check-timeout'];
  if (p95Ms === undefined || timeoutSec * 1000 >= p95Ms) return [];
  const suggested = suggestInitCheckTimeoutSec(p95Ms);
  const ceiling = suggested * 1000 < p95Ms ? ' (the maximum; still shorter than the observed startup)' : '';
  return [
    {
      code: 'timeout-below-startup',
      severity: 'warning',
      message:
        `backup-init-check-timeout is ${timeoutSec} s, shorter than the components' observed startup ` +
        `(p95 ${(p95Ms / 1000).toFixed(1)} s over ${samples.length} run(s)); suggested: ${suggested} s${ceiling}`,
      option: 'backup-init-check-timeout',
      suggestedValue: String(suggested),
      rule: 'four-components-within-timeout',
    },
  ];
}
