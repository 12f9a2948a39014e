import type { TFinding } from './finding';
import { formatSince } from './format-elapsed';
import type { THostFindingContext } from './host-context';

export const PENDING_RESTART_STALE_MS = 24 * 60 * 60 * 1000;

/** Changes that have waited for a restart for more than a day (`configured-vs-effective`). */
export function isPendingRestartStale(pendingSince: Date, now: Date): boolean {
  return now.getTime() - pendingSince.getTime() > PENDING_RESTART_STALE_MS;
}

export function findPendingRestartStale(context: THostFindingContext): TFinding[] {
  const { pendingRestartSince, now } = context.input;
  if (pendingRestartSince === undefined || !isPendingRestartStale(pendingRestartSince, now)) return [];
  return [
    {
      code: 'pending-restart-stale',
      severity: 'warning',
      message:
        `Option changes have waited for a SIP Server restart since ${formatSince(pendingRestartSince, now)}: ` +
        'the running server still uses the previous values',
      rule: 'configured-vs-effective',
    },
  ];
}
