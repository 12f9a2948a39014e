import type { THostStatus } from '@standby/domain';
import type { TChecking } from '@standby/protocol';

/**
 * The status to show: the one the domain's evaluateHostVerdict stored with the host (INITIALIZING while a
 * start check runs, UNKNOWN while the agent is away). A start check re-evaluates it before any summary
 * carries the check, so nothing is recomputed here; a re-check of a running server keeps its status
 * (only a hint says it runs, see isRechecking).
 */
export function shownStatus(host: { status: THostStatus }): THostStatus {
  return host.status;
}

/** A re-check of a running server is in progress: worth a quiet hint, not a state change. */
export function isRechecking(host: { checking?: TChecking | null }): boolean {
  return Boolean(host.checking && !host.checking.atStart);
}
