import { FINDING_SEVERITIES, HOST_STATUSES, HOST_VERDICTS, SIP_SERVER_MODES } from '@standby/domain';
import { z } from 'zod';

/**
 * Which hosts: the one fleet filter, used by the fleet page and its counts, the exports, and an option
 * change or "run the check now" sent to every host that matches (resolved by the server's fleetFilterSql).
 */
export const ZFleetFilterSchema = z.object({
  /** The stored verdict (the fleet page's headline counts). */
  verdicts: z.array(z.enum(HOST_VERDICTS)).min(1).max(HOST_VERDICTS.length).optional(),
  /** The status as the fleet page shows it (UNKNOWN: no agent connected, or no recent data). */
  statuses: z.array(z.enum(HOST_STATUSES)).min(1).max(HOST_STATUSES.length).optional(),
  /** Case-insensitive substring of hostname, application or pair name. */
  search: z.string().max(200).optional(),
  pairId: z.guid().optional(),
  mode: z.enum(SIP_SERVER_MODES).optional(),
  pendingRestart: z.boolean().optional(),
  /** Hosts with at least one current finding of this severity or worse. */
  minSeverity: z.enum(FINDING_SEVERITIES).optional(),
});
export type TFleetFilter = z.infer<typeof ZFleetFilterSchema>;
