import type { PgPool } from '@standby/db';
import { CLOCK_SKEW_WARN_MS, isClockSkewed } from '@standby/domain';
import { lockHostsInOrder, pgTransactions, refreshHostVerdictsWithin } from './refresh-host-verdicts';

const UPDATE_SQL = `
UPDATE "Host" AS h SET "agentClockSkewMs" = $2
FROM (SELECT id, "agentClockSkewMs" AS before FROM "Host" WHERE id = $1::uuid) AS old
WHERE h.id = old.id
RETURNING old.before`;

/**
 * Records how far the host's agent clock is from the dashboard's (agent minus dashboard, ms), measured
 * from a hello's `sentAt` or a result dated in the future. The verdict is evaluated again only when
 * the `agent-clock-skew` finding would change (appears, goes, or its amount moved noticeably), so a
 * hello costs one small write. Resolves with the hosts evaluated again.
 */
export async function recordAgentClockSkew(pool: PgPool, hostId: string, skewMs: number): Promise<string[]> {
  return pgTransactions(pool)(async (db) => {
    await lockHostsInOrder(db, [hostId]);
    const { rows } = await db.query<{ before: number | null }>(UPDATE_SQL, [hostId, skewMs]);
    if (rows.length === 0) return [];
    const before = rows[0]!.before;
    const wasSkewed = before !== null && isClockSkewed(before);
    const changed =
      wasSkewed !== isClockSkewed(skewMs) ||
      (wasSkewed && Math.abs((before ?? 0) - skewMs) > CLOCK_SKEW_WARN_MS);
    return changed ? refreshHostVerdictsWithin(db, [hostId]) : [];
  });
}
