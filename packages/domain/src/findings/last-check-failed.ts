import type { TFinding } from './finding';
import { formatSince } from './format-elapsed';
import type { THostFindingContext } from './host-context';

/** A backup that would not serve if promoted now (`status-to-management-layer`). */
export function findLastCheckFailed(context: THostFindingContext): TFinding[] {
  const { mode, lastCheck, now } = context.input;
  if (mode !== 'backup' || lastCheck?.status !== 'SERVICE_UNAVAILABLE') return [];
  return [
    {
      code: 'last-check-failed',
      severity: 'critical',
      message: `Last check reported SERVICE_UNAVAILABLE, failing since ${formatSince(lastCheck.since, now)}`,
      rule: 'status-to-management-layer',
    },
  ];
}
