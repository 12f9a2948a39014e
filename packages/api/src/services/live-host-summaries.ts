import type { PgPool } from '@standby/db';
import type { THostSummary } from '@standby/protocol';
import { toHostSummary } from './host-summary';

interface SummaryRow {
  id: string;
  hostname: string;
  application: string;
  mode: string;
  version: string | null;
  status: string;
  statusSince: Date | null;
  lastCheckAt: Date | null;
  pendingRestart: boolean;
  pairName: string | null;
  connected: boolean | null;
  findingsCritical: number;
  findingsWarning: number;
  findingsInfo: number;
}

/**
 * The summaries of changed hosts for a live delta, several times a second under load: one plain
 * SQL statement over `pg` (thousands of rows at a time), shaped exactly as the fleet page's rows.
 */
export async function readLiveHostSummaries(pool: PgPool, hostIds: string[]): Promise<THostSummary[]> {
  if (hostIds.length === 0) return [];
  const { rows } = await pool.query<SummaryRow>(
    `SELECT h.id::text AS id, h.hostname, h.application, h.mode, h.version, h.status, h."statusSince",
            h."lastCheckAt", h."pendingRestart", p.name AS "pairName", a.connected,
            h."findingsCritical", h."findingsWarning", h."findingsInfo"
     FROM "Host" h
     LEFT JOIN "HaPair" p ON p.id = h."pairId"
     LEFT JOIN "Agent" a ON a."hostId" = h.id
     WHERE h.id = ANY($1::uuid[])`,
    [hostIds],
  );
  return rows.map((row) =>
    toHostSummary({
      ...row,
      pair: row.pairName === null ? null : { name: row.pairName },
      agent: row.connected === null ? null : { connected: row.connected },
    }),
  );
}
