import { FINDING_SEVERITIES, HOST_STATUSES, HOST_VERDICTS, SIP_SERVER_MODES } from '@standby/domain';
import { z } from 'zod';
import type { THostSummary } from './live-events';
import { zSafeText } from './safe-text';

/**
 * Which hosts: the one fleet filter, used by the fleet page and its counts, the exports, and an option
 * change or "run the check now" sent to every host that matches. Its meaning is stated twice, side by
 * side: in SQL by the server's fleetFilterSql (packages/api), over stored rows, and in JS by
 * hostMatchesFleetFilter below, over one host's summary (live updates). The api's
 * fleet-filter-agreement test holds the two to the same hosts.
 */
export const ZFleetFilterSchema = z.object({
  /** The stored verdict (the fleet page's headline counts). */
  verdicts: z.array(z.enum(HOST_VERDICTS)).min(1).max(HOST_VERDICTS.length).optional(),
  /** The status as the fleet page shows it (UNKNOWN: no agent connected, or no recent data). */
  statuses: z.array(z.enum(HOST_STATUSES)).min(1).max(HOST_STATUSES.length).optional(),
  /** Case-insensitive substring of hostname, application or pair name. */
  search: zSafeText(200).optional(),
  pairId: z.guid().optional(),
  mode: z.enum(SIP_SERVER_MODES).optional(),
  pendingRestart: z.boolean().optional(),
  /** Hosts with at least one current finding of this severity or worse. */
  minSeverity: z.enum(FINDING_SEVERITIES).optional(),
});
export type TFleetFilter = z.infer<typeof ZFleetFilterSchema>;

/**
 * Whether a host belongs to the hosts `filter` selects, read from its summary: the same rule as the
 * server's fleetFilterSql, for the browser to keep a list current from live deltas without asking.
 *
 * - `verdicts`, `statuses`, `mode`, `pendingRestart`, `minSeverity` read the values stored with the host,
 *   which every summary carries as stored.
 * - `search`: trimmed, case-insensitive substring of hostname, application or pair name; wildcards are
 *   plain characters (the SQL escapes them for ILIKE).
 * - `pairId`: checked when the host carries its pair id (a fleet.page row); a live summary does not,
 *   so a pair filter keeps it (the list was loaded for that pair already).
 * - The one leniency, on purpose: a host whose status is INITIALIZING (its start check is running)
 *   passes every status filter. The state lasts seconds and the check's result decides where the host
 *   belongs, so a status-filtered list keeps it rather than dropping it while the check runs; the
 *   server lists it only under INITIALIZING (a reload reads the server's answer).
 */
export function hostMatchesFleetFilter(
  host: THostSummary & { pairId?: string | null },
  filter: TFleetFilter,
): boolean {
  if (filter.verdicts && !filter.verdicts.includes(host.verdict)) return false;
  if (filter.statuses && host.status !== 'INITIALIZING' && !filter.statuses.includes(host.status))
    return false;
  const needle = filter.search?.trim().toLowerCase();
  if (needle) {
    const fields = [host.hostname, host.application, host.pair ?? ''];
    if (!fields.some((field) => field.toLowerCase().includes(needle))) return false;
  }
  if (
    filter.pairId &&
    host.pairId !== undefined &&
    host.pairId?.toLowerCase() !== filter.pairId.toLowerCase()
  )
    return false;
  if (filter.mode && host.mode !== filter.mode) return false;
  if (filter.pendingRestart !== undefined && host.pendingRestart !== filter.pendingRestart) return false;
  if (filter.minSeverity) {
    const { critical, warning, info } = host.findings;
    const worst = { critical, warning: critical + warning, info: critical + warning + info }[
      filter.minSeverity
    ];
    if (worst === 0) return false;
  }
  return true;
}
