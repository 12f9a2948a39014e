import type { PgPool } from '@standby/db';
import type { THostSummary } from '@standby/protocol';
import { HOST_SUMMARY_COLUMNS, type TSummaryRow, toHostSummary } from './host-summary';

const SQL = `SELECT ${HOST_SUMMARY_COLUMNS}
  FROM "Host" h LEFT JOIN "HaPair" p ON p.id = h."pairId" LEFT JOIN "Agent" a ON a."hostId" = h.id
  WHERE h.id = ANY($1::uuid[])`;

/**
 * The summaries of changed hosts for a live delta, several times a second under load: one plain
 * SQL statement over `pg` (thousands of rows at a time), shaped exactly as the fleet page's rows.
 */
export async function readLiveHostSummaries(pool: PgPool, hostIds: string[]): Promise<THostSummary[]> {
  if (hostIds.length === 0) return [];
  const { rows } = await pool.query<TSummaryRow>(SQL, [hostIds]);
  return rows.map(toHostSummary);
}
