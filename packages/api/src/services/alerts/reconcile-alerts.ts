import { pgTransactions, refreshHostVerdicts } from '../refresh-host-verdicts';
import { readStoredFindings } from '../stored-json';
import type { TAlertWorkerContext } from './alert-settings';
import { diffAlertConditions } from './alert-transitions';

interface StoredVerdictRow {
  id: string;
  hostname: string;
  application: string;
  verdict: string;
  cause: string;
  reason: string;
  mode: string;
  findings: unknown;
  openAlerts: string[] | null;
}

const PAGE_SQL = `
SELECT h.id::text AS id, h.hostname, h.application, h.verdict, h."verdictCause" AS cause, h."verdictReason" AS reason,
  h.mode, h."lastFindings" AS findings,
  (SELECT array_agg(al.condition) FROM "Alert" al WHERE al."hostId" = h.id AND al.state = 'open') AS "openAlerts"
FROM "Host" h WHERE h.id > $1::uuid ORDER BY h.id LIMIT $2`;

/**
 * Hosts whose stored verdict puts them in conditions their open alerts do not say (verdicts stored
 * before alerts existed, or before an upgrade changed the conditions) are evaluated again, which opens
 * and closes their alerts the one usual way. Each node runs it once at start; it is idempotent.
 * Returns the hosts evaluated.
 */
export async function reconcileAlertConditions(
  context: TAlertWorkerContext,
  pageSize = 1_000,
): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let evaluated = 0;
  for (;;) {
    const { rows } = await context.pool.query<StoredVerdictRow>(PAGE_SQL, [after, pageSize]);
    const stale = rows
      .filter(
        (row) =>
          diffAlertConditions(
            row.id,
            '',
            {
              verdict: row.verdict,
              cause: row.cause,
              reason: row.reason,
              mode: row.mode,
              findings: readStoredFindings(row.findings),
            },
            row.openAlerts ?? [],
          ).length > 0,
      )
      .map((row) => row.id);
    if (stale.length) evaluated += (await refreshHostVerdicts(pgTransactions(context.pool), stale)).length;
    if (rows.length < pageSize) return evaluated;
    after = rows[rows.length - 1]!.id;
  }
}
