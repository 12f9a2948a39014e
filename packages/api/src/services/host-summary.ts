import {
  HOST_STATUSES,
  HOST_VERDICTS,
  type THostStatus,
  type THostVerdict,
  type TVerdictCause,
  VERDICT_CAUSES,
} from '@standby/domain';
import type { THostSummary } from '@standby/protocol';

/**
 * The columns of a host summary over `"Host" h LEFT JOIN "HaPair" p LEFT JOIN "Agent" a`: every
 * listing (fleet page, pair page, live deltas, exports) selects these and shapes them with
 * toHostSummary. Status and verdict are read as stored: refreshHostVerdicts is their one author.
 */
export const HOST_SUMMARY_COLUMNS = `h.id::text AS id, h.hostname, h.application, p.name AS "pairName",
  h.mode, h.version, h."displayStatus", h."statusSince", h."lastCheckAt", COALESCE(a.connected, false) AS connected,
  h."sameHost", h."pendingRestart", h."findingsCritical", h."findingsWarning", h."findingsInfo",
  h.verdict, h."verdictCause", h."verdictReason", h."verdictSince",
  h."checkingRunId"::text AS "checkingRunId", h."checkingStartedAt", h."checkingTrigger", h."checkingAtStart"`;

export interface TSummaryRow {
  id: string;
  hostname: string;
  application: string;
  pairName: string | null;
  mode: string;
  version: string | null;
  displayStatus: string;
  statusSince: Date | null;
  lastCheckAt: Date | null;
  connected: boolean;
  sameHost: boolean;
  pendingRestart: boolean;
  findingsCritical: number;
  findingsWarning: number;
  findingsInfo: number;
  verdict: string;
  verdictCause: string;
  verdictReason: string;
  verdictSince: Date | null;
  checkingRunId: string | null;
  checkingStartedAt: Date | null;
  checkingTrigger: string | null;
  checkingAtStart: boolean;
}

/** Shapes a host row for the fleet page and for live deltas. */
export function toHostSummary(row: TSummaryRow): THostSummary {
  return {
    id: row.id,
    hostname: row.hostname,
    application: row.application,
    pair: row.pairName,
    mode: row.mode,
    version: row.version,
    status: oneOf(HOST_STATUSES, row.displayStatus, 'UNKNOWN') as THostStatus,
    statusSince: row.statusSince?.toISOString() ?? null,
    lastCheckAt: row.lastCheckAt?.toISOString() ?? null,
    connected: row.connected,
    sameHost: row.sameHost,
    pendingRestart: row.pendingRestart,
    findings: { critical: row.findingsCritical, warning: row.findingsWarning, info: row.findingsInfo },
    verdict: oneOf(HOST_VERDICTS, row.verdict, 'unknown') as THostVerdict,
    verdictCause: oneOf(VERDICT_CAUSES, row.verdictCause, 'never-reported') as TVerdictCause,
    verdictReason: row.verdictReason,
    verdictSince: row.verdictSince?.toISOString() ?? null,
    checking: toChecking(row),
  };
}

/** The check in progress, from the host row's checking columns (null when none runs). */
export function toChecking(
  row: Pick<TSummaryRow, 'checkingRunId' | 'checkingStartedAt' | 'checkingTrigger' | 'checkingAtStart'>,
): THostSummary['checking'] {
  return row.checkingRunId && row.checkingStartedAt
    ? {
        runId: row.checkingRunId,
        startedAt: row.checkingStartedAt.toISOString(),
        trigger: row.checkingTrigger ?? 'start',
        atStart: row.checkingAtStart,
      }
    : null;
}

function oneOf(values: readonly string[], value: string, fallback: string): string {
  return values.includes(value) ? value : fallback;
}
