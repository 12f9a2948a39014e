import type { PgPool } from '@standby/db';
import type { TCheckLateReady, TCheckStarted, TComponentProgress } from '@standby/protocol';
import { lockHostsInOrder, pgTransactions, refreshHostVerdictsWithin } from './refresh-host-verdicts';
import { APPEND_STARTUP_SAMPLES_SQL } from './startup-samples';

// A check in progress is shared state in the host's row, not one node's memory: every node, every
// reload and the fleet counts see it (INITIALIZING for a start check, "re-checking" otherwise).

/** A check began: the host shows it at once; a start check turns its verdict to "start check running". */
export async function markCheckStarted(
  pool: PgPool,
  hostId: string,
  started: TCheckStarted,
): Promise<string[]> {
  return pgTransactions(pool)(async (db) => {
    // Locked first, in a statement of its own: the check below then sees a result committed while it
    // waited (in one statement it would not, and a finished check would show as running for good).
    await db.query(`SELECT id FROM "Host" WHERE id = $1::uuid FOR UPDATE`, [hostId]);
    const { rows } = await db.query<{ id: string }>(
      `UPDATE "Host" SET "checkingRunId" = $2::uuid, "checkingStartedAt" = $3::timestamptz, "checkingTrigger" = $4,
         "checkingAtStart" = $5, "liveComponents" = '[]'::jsonb, "lastSeenAt" = now()
       WHERE id = $1::uuid
         -- A result already stored for this run (a late replay of check:started) must not reopen it.
         AND NOT EXISTS (SELECT 1 FROM "CheckRun" WHERE id = $2::uuid)
       RETURNING id::text AS id`,
      [hostId, started.runId, started.startedAt, started.trigger, started.atStart],
    );
    return rows.length ? refreshHostVerdictsWithin(db, [hostId]) : [];
  });
}

/** One component of the check in progress became ready (or timed out): kept with the host for the live timeline. */
export async function recordCheckProgress(
  pool: PgPool,
  hostId: string,
  progress: TComponentProgress,
): Promise<boolean> {
  const entry = JSON.stringify({
    name: progress.name,
    state: progress.state,
    readyAfterMs: progress.readyAfterMs,
  });
  const { rowCount } = await pool.query(
    `UPDATE "Host" SET "lastSeenAt" = now(), "liveComponents" = COALESCE((
         SELECT jsonb_agg(e) FROM jsonb_array_elements("liveComponents") e WHERE e->>'name' <> $3
       ), '[]'::jsonb) || jsonb_build_array($4::jsonb)
     WHERE id = $1::uuid AND "checkingRunId" = $2::uuid`,
    [hostId, progress.runId, progress.name, entry],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Components that timed out and became ready later: their real startup time goes into the run (the
 * verdict stays a failure), so the startup chart and the timeout finding's p95 see it.
 */
export async function recordLateReadiness(
  pool: PgPool,
  hostId: string,
  late: TCheckLateReady,
): Promise<{ updated: number; evaluatedHostIds: string[] }> {
  // One transaction, the host locked first as the ingest does (lockHostsInOrder): no reader sees the
  // late readiness without the startup sample and the finding it leads to.
  return pgTransactions(pool)(async (db) => {
    await lockHostsInOrder(db, [hostId]);
    const { rows } = await db.query<{ name: string }>(
      `UPDATE "ComponentResult" c SET "readyAfterMs" = v."readyAfterMs"
       FROM jsonb_to_recordset($3::jsonb) AS v(name text, "readyAfterMs" int), "CheckRun" r
       WHERE c."runId" = $2::uuid AND r.id = c."runId" AND r."hostId" = $1::uuid
         AND c.name = v.name AND c.state = 'timeout' AND c."readyAfterMs" IS NULL
       RETURNING c.name`,
      [hostId, late.runId, JSON.stringify(late.components)],
    );
    if (rows.length === 0) return { updated: 0, evaluatedHostIds: [] };
    // The run now has every component's readiness: it becomes a startup sample.
    await db.query(APPEND_STARTUP_SAMPLES_SQL, [[late.runId]]);
    return { updated: rows.length, evaluatedHostIds: await refreshHostVerdictsWithin(db, [hostId]) };
  });
}
