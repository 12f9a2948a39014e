import type { THostStatus } from '@standby/domain';
import type { TChecking } from '@standby/protocol';

/**
 * The status to show: INITIALIZING while a start check runs (even if the stored row has not caught up);
 * a re-check of a running server keeps its status and verdict (only a hint says it runs).
 */
export function shownStatus(host: { status: THostStatus; checking?: TChecking | null }): THostStatus {
  return host.checking?.atStart ? 'INITIALIZING' : host.status;
}

/** A re-check of a running server is in progress: worth a quiet hint, not a state change. */
export function isRechecking(host: { checking?: TChecking | null }): boolean {
  return Boolean(host.checking && !host.checking.atStart);
}
