import { HOST_STATUSES, type THostStatus } from '@standby/domain';

/**
 * The status the dashboard shows: the stored one (latest finished check) only while the agent is connected,
 * UNKNOWN otherwise (PRODUCT.md rule 7). Same rule as toHostSummary and, in SQL, DISPLAY_STATUS.
 */
export function toDisplayStatus(stored: string, connected: boolean): THostStatus {
  if (!connected) return 'UNKNOWN';
  return (HOST_STATUSES as readonly string[]).includes(stored) ? (stored as THostStatus) : 'UNKNOWN';
}
