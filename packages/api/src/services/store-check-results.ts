import type { PgPool } from '@standby/db';
import type { TCheckResult } from '@standby/protocol';
import { newerOptionsReadSql } from './configured-options-order';
import {
  lockHostsInOrder,
  pgTransactions,
  refreshHostVerdictsWithin,
  refreshPairPeers,
} from './refresh-host-verdicts';
import { APPEND_STARTUP_SAMPLES_SQL } from './startup-samples';

export interface CheckResultToStore {
  hostId: string;
  result: TCheckResult;
  /** The agent says it could not deliver the result live (made while it could not reach the dashboard, or a failed attempt). */
  late: boolean;
  /** When the dashboard received it (default: now); see `isLateResult`. */
  receivedAt?: Date;
}

/**
 * A result that reached the dashboard this long after it finished is late whatever the agent says:
 * made while the agent was cut off (also across an agent restart), or held up by a dashboard or
 * database outage. The agent's own clock may be off by a few seconds; this leaves room for that.
 */
export const LATE_AFTER_MS = 60_000;

/**
 * The `late` flag ("replayed" in the UI: made while the dashboard was unreachable, delivered later
 * with its own time), decided here from when the result finished and when it arrived, and from the
 * agent's spooled fact that it could not deliver it live. Informational only: whatever the flag, a
 * result older than the host's latest stored one never moves the host's verdict back (STORE_BATCH_SQL).
 */
export function isLateResult(
  result: Pick<TCheckResult, 'finishedAt'>,
  receivedAt: Date,
  notDeliveredLive: boolean,
): boolean {
  return notDeliveredLive || receivedAt.getTime() - Date.parse(result.finishedAt) > LATE_AFTER_MS;
}

/**
 * Stores a batch of check runs in ONE statement (data-modifying CTEs, atomic as a whole): the
 * runs, their per-component rows, each host moved forward to its newest run (status, since-when,
 * latest findings; a late replay never moves a host back), and "pending restart" ended for hosts
 * whose SIP Server started after the change was applied. The batch travels as one JSON parameter,
 * so the Node side does no per-row query work. Idempotent on the agent-made run id: a run already
 * stored reports `false`. Resolves after the commit, so the caller may ack the agents, with the hosts whose
 * verdict was evaluated again (those of the batch and their pair peers).
 */
export async function storeCheckResults(
  pool: PgPool,
  batch: readonly CheckResultToStore[],
): Promise<{ stored: boolean[]; evaluatedHostIds: string[] }> {
  if (batch.length === 0) return { stored: [], evaluatedHostIds: [] };
  // The same run twice in one batch (a fast replay) is stored once.
  const firstIndexOfRun = new Map<string, number>();
  batch.forEach((item, index) => {
    if (!firstIndexOfRun.has(item.result.runId)) firstIndexOfRun.set(item.result.runId, index);
  });
  const rows = [...firstIndexOfRun.values()].map((index) => toRow(batch[index]!));
  // The runs and the verdict they lead to commit together: an ack always means both are stored.
  const { inserted, evaluatedHostIds } = await pgTransactions(pool)(async (db) => {
    // Hosts first, in id order, then the runs (which key-share-lock their hosts): see lockHostsInOrder.
    await lockHostsInOrder(db, [...new Set(rows.map((row) => row.hostId))]);
    const { rows: inserted } = await db.query<{ id: string }>(STORE_BATCH_SQL, [JSON.stringify(rows)]);
    if (inserted.length) await db.query(APPEND_STARTUP_SAMPLES_SQL, [inserted.map((row) => row.id)]);
    // A resend of a run stored meanwhile (its first attempt was stored but never acked: a database
    // hang) that is late now: the run was not delivered live after all.
    const done = new Set(inserted.map((row) => row.id));
    const lateResends = rows.filter((row) => row.late && !done.has(row.id));
    if (lateResends.length)
      await db.query(MARK_LATE_SQL, [JSON.stringify(lateResends.map(({ id, hostId }) => ({ id, hostId })))]);
    const evaluated = await refreshHostVerdictsWithin(db, [...new Set(rows.map((row) => row.hostId))]);
    return { inserted, evaluatedHostIds: evaluated };
  });
  // Their pair partners' drift findings follow, in their own transaction.
  evaluatedHostIds.push(...(await refreshPairPeers(pgTransactions(pool), evaluatedHostIds)));
  const insertedIds = new Set(inserted.map((row) => row.id));
  const stored = batch.map(
    (item, index) => firstIndexOfRun.get(item.result.runId) === index && insertedIds.has(item.result.runId),
  );
  return { stored, evaluatedHostIds };
}

function toRow({ hostId, result, late, receivedAt = new Date() }: CheckResultToStore) {
  const isLate = isLateResult(result, receivedAt, late);
  return {
    id: result.runId,
    hostId,
    status: result.status,
    applicable: result.applicable,
    mode: result.mode,
    checkEnabled: result.checkEnabled,
    timeoutSec: result.timeoutSec,
    trigger: result.trigger,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    portState: result.portCheck.state,
    portReason: result.portCheck.reason ?? null,
    port: result.portCheck.port ?? null,
    address: result.portCheck.address ?? null,
    findings: result.findings,
    options: result.options,
    configuredOptions: result.configuredOptions,
    configuredOptionsReadAt: result.configuredOptionsReadAt ?? null,
    version: result.version ?? null,
    reasons: result.reasons,
    serverStartedAt: result.serverStartedAt,
    late: isLate,
    components: result.components,
    receivedAt: receivedAt.toISOString(),
    // A live result measures the agent's clock (rule agent-clock-skew); a late one says nothing about it.
    clockSkewMs: isLate ? null : Date.parse(result.finishedAt) - receivedAt.getTime(),
  };
}

const MARK_LATE_SQL = `
UPDATE "CheckRun" AS c SET late = true
FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "hostId" uuid)
WHERE c.id = x.id AND c."hostId" = x."hostId" AND NOT c.late`;

// A check that read the options file before a change's ack was stored must not bring the old values back.
const NEWER_READ = newerOptionsReadSql('v."configuredOptionsReadAt"', 'h."configuredOptionsAt"');

const STORE_BATCH_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    id uuid, "hostId" uuid, status text, applicable boolean, mode text, "checkEnabled" boolean,
    "timeoutSec" int, trigger text, "startedAt" timestamptz, "finishedAt" timestamptz, "durationMs" int,
    "portState" text, "portReason" text, port int, address text, findings jsonb, options jsonb,
    "configuredOptions" jsonb, "configuredOptionsReadAt" timestamptz, version text, reasons jsonb,
    "serverStartedAt" timestamptz, late boolean, components jsonb, "receivedAt" timestamptz,
    "clockSkewMs" double precision)
),
inserted AS (
  INSERT INTO "CheckRun" (id, "hostId", status, applicable, mode, "checkEnabled", "timeoutSec", trigger,
    "startedAt", "finishedAt", "durationMs", "portState", "portReason", port, address, findings, options,
    "configuredOptions", version, reasons, "serverStartedAt", late)
  SELECT id, "hostId", status, applicable, mode, "checkEnabled", "timeoutSec", trigger,
    "startedAt", "finishedAt", "durationMs", "portState", "portReason", port, address, findings, options,
    "configuredOptions", version, reasons, "serverStartedAt", late
  FROM input
  ON CONFLICT (id) DO NOTHING
  RETURNING id
),
stored AS (
  SELECT input.* FROM input JOIN inserted USING (id)
),
components AS (
  INSERT INTO "ComponentResult" ("runId", name, state, "readyAfterMs", detail)
  SELECT s.id, c.name, c.state, c."readyAfterMs", c.detail
  FROM stored s, jsonb_to_recordset(s.components) AS c(name text, state text, "readyAfterMs" int, detail text)
),
-- A run cannot have finished after the dashboard received it: its time in the host's history is the
-- earlier of the two. A live (not late) result is the host's newest by receive order, whatever its
-- clock says; late ones by that time. So an agent clock ahead cannot hold a host on an old state.
ordered AS (
  SELECT *, LEAST("finishedAt", "receivedAt") AS "checkedAt" FROM stored
),
newest AS (
  SELECT DISTINCT ON ("hostId") * FROM ordered
  ORDER BY "hostId", late ASC, CASE WHEN late THEN "checkedAt" ELSE "receivedAt" END DESC
),
advanced AS (
  UPDATE "Host" AS h SET
    "status" = v.status,
    "statusSince" = CASE WHEN h."status" = v.status AND h."statusSince" IS NOT NULL THEN h."statusSince" ELSE v."checkedAt" END,
    "lastCheckAt" = v."checkedAt",
    "lastRunId" = v.id,
    -- What the check ran with is what the server runs; the file as it was then is what is configured.
    "effectiveOptions" = v.options,
    "configuredOptions" = CASE WHEN v."configuredOptions" <> '{}'::jsonb AND ${NEWER_READ}
      THEN v."configuredOptions" ELSE h."configuredOptions" END,
    "configuredOptionsAt" = CASE WHEN v."configuredOptions" <> '{}'::jsonb AND ${NEWER_READ}
      THEN v."configuredOptionsReadAt" ELSE h."configuredOptionsAt" END,
    "version" = COALESCE(v.version, h.version),
    "serverStartedAt" = GREATEST(h."serverStartedAt", v."serverStartedAt"),
    "lastSeenAt" = GREATEST(h."lastSeenAt", now()),
    -- The check in progress is over (the result of a re-check ends it too).
    "checkingRunId" = NULL, "checkingStartedAt" = NULL, "checkingTrigger" = NULL, "checkingAtStart" = false,
    "liveComponents" = '[]'::jsonb,
    "agentClockSkewMs" = COALESCE(v."clockSkewMs", h."agentClockSkewMs"),
    "pendingRestart" = h."pendingRestart"
      AND NOT (v.trigger = 'start' AND v."startedAt" > COALESCE(h."pendingSince", '-infinity'::timestamptz))
      -- COALESCE: a result that does not know its server's start leaves the flag as it is (never NULL).
      AND NOT COALESCE(v."serverStartedAt" > COALESCE(h."pendingSince", '-infinity'::timestamptz), false),
    "updatedAt" = now()
  FROM newest v
  -- A late replay never moves a host back. A lastCheckAt past now was stored before checkedAt existed
  -- (a result dated 9999 froze its host): it never holds a host.
  WHERE h.id = v."hostId"
    AND (h."lastCheckAt" IS NULL OR h."lastCheckAt" <= v."checkedAt"
      OR (NOT v.late AND h."lastCheckAt" <= v."receivedAt") OR h."lastCheckAt" > now())
  RETURNING h.id, h."pendingRestart"
),
now_effective AS (
  -- Changes waiting for a restart are in effect on hosts whose SIP Server started since.
  UPDATE "OptionChange" AS oc SET state = 'effective', "updatedAt" = now()
  FROM advanced a
  WHERE oc."hostId" = a.id AND NOT a."pendingRestart" AND oc.state = 'pending-restart'
)
SELECT id::text AS id FROM inserted`;
