import type { PgPool, PrismaClient } from '@standby/db';
import {
  CHECK_STATUSES,
  evaluateHostVerdict,
  listFailedComponents,
  SIP_SERVER_MODES,
  type TCheckStatus,
  type THostVerdictFacts,
  type TSipServerMode,
} from '@standby/domain';
import {
  diffAlertConditions,
  type TAlertTransition,
  writeAlertTransitions,
} from './alerts/alert-transitions';
import { readBaselineResolver } from './baseline/baseline-resolver';
import { readOptionsMap, readStringArray } from './stored-json';

/** Intervals an agent may miss before its host is unknown (plus the check's timeout: a long check is not silence). */
export const MISSED_INTERVALS = 3;
/** For an agent that checks on no interval: data older than this is stale (env STANDBY_STALE_AFTER_SEC). */
export const DEFAULT_STALE_AFTER_SEC = 3_600;

interface FactsRow {
  id: string;
  hostname: string;
  application: string;
  mode: string;
  version: string | null;
  sameHost: boolean;
  configuredOptions: unknown;
  effectiveOptions: unknown;
  serverStartedAt: Date | null;
  becameBackupAt: Date | null;
  checkingStartedAt: Date | null;
  checkingAtStart: boolean;
  pendingRestart: boolean;
  pendingSince: Date | null;
  intervalSec: number | null;
  statusSince: Date | null;
  lastSeenAt: Date | null;
  hasAgent: boolean;
  connected: boolean | null;
  revoked: boolean | null;
  runStatus: string | null;
  runApplicable: boolean | null;
  runCheckEnabled: boolean | null;
  runMode: string | null;
  runTrigger: string | null;
  runStartedAt: Date | null;
  runFinishedAt: Date | null;
  runTimeoutSec: number | null;
  runReasons: unknown;
  runPortState: string | null;
  runComponents: { name: string; state: string }[] | null;
  peerHostname: string | null;
  peerEffectiveOptions: unknown;
  startupMs: unknown;
  agentClockSkewMs: number | null;
  pairName: string | null;
  /** Conditions of the host's open alerts: what the previous verdict put it in, as alerts recorded it. */
  openAlerts: string[] | null;
}

const FACTS_SQL = `
SELECT h.id::text AS id, h.hostname, h.application, h.mode, h.version, h."sameHost", h."configuredOptions", h."effectiveOptions",
  h."serverStartedAt", h."becameBackupAt", h."checkingStartedAt", h."checkingAtStart", h."pendingRestart",
  h."pendingSince", h."intervalSec", h."statusSince", h."lastSeenAt",
  a.id IS NOT NULL AS "hasAgent", a.connected, a."revokedAt" IS NOT NULL AS revoked,
  r.status AS "runStatus", r.applicable AS "runApplicable", r."checkEnabled" AS "runCheckEnabled", r.mode AS "runMode",
  r.trigger AS "runTrigger", r."startedAt" AS "runStartedAt", r."finishedAt" AS "runFinishedAt",
  r."timeoutSec" AS "runTimeoutSec", r.reasons AS "runReasons", r."portState" AS "runPortState",
  (SELECT jsonb_agg(jsonb_build_object('name', c.name, 'state', c.state)) FROM "ComponentResult" c
    WHERE c."runId" = r.id) AS "runComponents",
  peer.hostname AS "peerHostname", peer."effectiveOptions" AS "peerEffectiveOptions",
  h."startupSamples" AS "startupMs", h."agentClockSkewMs", hp.name AS "pairName",
  (SELECT array_agg(al.condition) FROM "Alert" al WHERE al."hostId" = h.id AND al.state = 'open') AS "openAlerts"
FROM "Host" h
LEFT JOIN "Agent" a ON a."hostId" = h.id
LEFT JOIN "CheckRun" r ON r.id = h."lastRunId"
LEFT JOIN "HaPair" hp ON hp.id = h."pairId"
-- Drift is between the two members of a pair: only when it has exactly two.
LEFT JOIN LATERAL (
  SELECT o.hostname, o."effectiveOptions" FROM "Host" o
  WHERE h."pairId" IS NOT NULL AND o."pairId" = h."pairId" AND o.id <> h.id
    AND (SELECT count(*) FROM "Host" m WHERE m."pairId" = h."pairId") = 2
) peer ON TRUE
WHERE h.id = ANY($1::uuid[])`;

/**
 * The hosts locked in id order until their verdict is written: a concurrent evaluation waits instead of
 * writing an older verdict last, and two evaluations never wait on each other in a cycle. A statement of
 * its own, before FACTS_SQL: a row locked after waiting is re-read, but rows joined to it would still come
 * from the snapshot taken before the wait (a run committed meanwhile would be missing).
 */
const LOCK_SQL = `SELECT id FROM "Host" WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

/**
 * Locks the hosts in id order. A transaction that writes rows referring to hosts (check runs take a
 * key-share lock on their host) must call it first: two batches taking key-share locks and then
 * upgrading them in different orders deadlock.
 */
export async function lockHostsInOrder(db: SqlQueryable, ids: readonly string[]): Promise<void> {
  await db.query(LOCK_SQL, [ids]);
}

const PEERS_SQL = `SELECT o.id::text AS id FROM "Host" o
  WHERE o."pairId" IN (SELECT "pairId" FROM "Host" WHERE id = ANY($1::uuid[]) AND "pairId" IS NOT NULL)
    AND NOT (o.id = ANY($1::uuid[]))`;

const WRITE_SQL = `
UPDATE "Host" AS h SET
  verdict = v.verdict,
  "verdictCause" = v.cause,
  "verdictReason" = v.reason,
  "verdictReasons" = v.reasons,
  "verdictSince" = CASE WHEN h.verdict = v.verdict AND h."verdictSince" IS NOT NULL THEN h."verdictSince" ELSE now() END,
  "displayStatus" = v."displayStatus",
  "lastFindings" = v.findings,
  "findingsCritical" = v.critical,
  "findingsWarning" = v.warning,
  "findingsInfo" = v.info,
  "staleAt" = v."staleAt",
  "reevaluateAt" = v."reevaluateAt"
FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, verdict text, cause text, reason text, reasons jsonb,
  "displayStatus" text, findings jsonb, critical int, warning int, info int, "staleAt" timestamptz,
  "reevaluateAt" timestamptz)
WHERE h.id = v.id`;

/** Runs one parameterized statement: a `pg` pool or client, or Prisma through prismaQueryable. */
export interface SqlQueryable {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

/** Prisma (or its transaction client) as a SqlQueryable, for callers that hold no `pg` pool. */
export function prismaQueryable(prisma: Pick<PrismaClient, '$queryRawUnsafe'>): SqlQueryable {
  return {
    query: async <R>(sql: string, params: unknown[]) => ({
      rows: await prisma.$queryRawUnsafe<R[]>(sql, ...params),
    }),
  };
}

export interface RefreshOptions {
  now?: Date;
  /** For agents with no interval: silence longer than this makes a host unknown. */
  defaultStaleAfterSec?: number;
}

/** Runs work in one transaction. */
export type InTransaction = <T>(work: (db: SqlQueryable) => Promise<T>) => Promise<T>;

export function pgTransactions(pool: PgPool): InTransaction {
  return async (work) => {
    const client = await pool.connect();
    // A connection the server ends while checked out reports it here too: the query in flight
    // rejects with it, so the event itself must not crash the process.
    const ignore = () => {};
    client.on('error', ignore);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.off('error', ignore);
      client.release();
    }
  };
}

export function prismaTransactions(prisma: PrismaClient): InTransaction {
  return (work) => prisma.$transaction((tx) => work(prismaQueryable(tx)));
}

/**
 * The verdict of each host evaluated again, in its own transaction: after anything that changes a
 * fact, and by the sweeper when time alone changes one (data going stale, a pending restart aging).
 */
export async function refreshHostVerdicts(
  inTransaction: InTransaction,
  hostIds: readonly string[],
  options: RefreshOptions = {},
): Promise<string[]> {
  if (hostIds.length === 0) return [];
  return inTransaction((db) => refreshHostVerdictsWithin(db, hostIds, options));
}

/**
 * After a host's effective options changed: its pair partner's drift finding is evaluated again, in a
 * transaction of its own (never in the member's: two members reporting at once would lock each other).
 * Best effort: a failure leaves the partner's drift to its own next evaluation.
 */
export async function refreshPairPeers(
  inTransaction: InTransaction,
  hostIds: readonly string[],
): Promise<string[]> {
  if (hostIds.length === 0) return [];
  try {
    return await inTransaction(async (db) => {
      const { rows } = await db.query<{ id: string }>(PEERS_SQL, [[...new Set(hostIds)]]);
      return refreshHostVerdictsWithin(
        db,
        rows.map((row) => row.id),
      );
    });
  } catch {
    return [];
  }
}

/**
 * Evaluates the verdict of each host from every fact the database holds (domain evaluateHostVerdict)
 * and stores it with the host: the one place the verdict is computed. Four statements whatever the
 * number of hosts (the lock, the facts, the active baseline's key, the write) (a fifth when a
 * host's alert conditions changed: its alerts open or close in the same transaction, docs/ALERTS.md);
 * call it inside a transaction (the hosts stay locked until the verdict is written).
 */
export async function refreshHostVerdictsWithin(
  db: SqlQueryable,
  hostIds: readonly string[],
  options: RefreshOptions = {},
): Promise<string[]> {
  if (hostIds.length === 0) return [];
  const now = options.now ?? new Date();
  const ids = [...new Set(hostIds)];
  await db.query(LOCK_SQL, [ids]);
  const { rows } = await db.query<FactsRow>(FACTS_SQL, [ids]);
  // The active baseline (docs/OPTION-CHANGES.md): what it wants on each host, for baseline-drift.
  const baselineOf = await readBaselineResolver(db);
  const alertTransitions: TAlertTransition[] = [];
  const results = rows.map((row) => {
    const facts = toFacts(row, now, options.defaultStaleAfterSec ?? DEFAULT_STALE_AFTER_SEC);
    const baselineOptions = baselineOf?.(row);
    const result = evaluateHostVerdict(
      baselineOptions && Object.keys(baselineOptions).length ? { ...facts, baselineOptions } : facts,
    );
    // Alerts follow the verdict in its own transaction: only a host whose conditions changed costs a write.
    alertTransitions.push(
      ...diffAlertConditions(
        row.id,
        `${row.hostname}/${row.application}`,
        { ...result, mode: row.mode },
        row.openAlerts ?? [],
      ),
    );
    const counts = { critical: 0, warning: 0, info: 0 };
    for (const finding of result.findings) counts[finding.severity]++;
    return {
      id: row.id,
      verdict: result.verdict,
      cause: result.cause,
      reason: result.reason,
      reasons: result.reasons,
      displayStatus: result.displayStatus,
      findings: result.findings.map(({ code, severity, message, option, suggestedValue }) => ({
        code,
        severity,
        message,
        ...(option ? { option } : {}),
        ...(suggestedValue ? { suggestedValue } : {}),
      })),
      ...counts,
      staleAt: result.staleAt?.toISOString() ?? null,
      reevaluateAt: result.reevaluateAt?.toISOString() ?? null,
    };
  });
  if (results.length) await db.query(WRITE_SQL, [JSON.stringify(results)]);
  await writeAlertTransitions(db, alertTransitions);
  return results.map((result) => result.id);
}

function toFacts(row: FactsRow, now: Date, defaultStaleAfterSec: number): THostVerdictFacts {
  const timeoutSec = row.runTimeoutSec ?? 0;
  const interval = row.intervalSec ?? 0;
  // An agent on an interval is stale after missing three checks; one without, after the default.
  const staleAfterSec = interval > 0 ? MISSED_INTERVALS * interval + timeoutSec : defaultStaleAfterSec;
  const run =
    row.runStatus && row.runStartedAt && row.runFinishedAt && isCheckStatus(row.runStatus)
      ? {
          status: row.runStatus,
          applicable: row.runApplicable ?? false,
          checkEnabled: row.runCheckEnabled ?? false,
          mode: row.runMode ?? 'unknown',
          trigger: row.runTrigger ?? 'start',
          startedAt: row.runStartedAt,
          finishedAt: row.runFinishedAt,
          reasons: readStringArray(row.runReasons),
          failedComponents: listFailedComponents(row.runComponents ?? []),
          portState: row.runPortState ?? 'not-run',
        }
      : undefined;
  return {
    hostname: row.hostname,
    mode: isMode(row.mode) ? row.mode : 'unknown',
    version: row.version ?? '',
    sameHost: row.sameHost,
    configuredOptions: readOptionsMap(row.configuredOptions),
    effectiveOptions: readOptionsMap(row.effectiveOptions),
    ...(run ? { latestRun: run } : {}),
    ...(row.statusSince ? { statusSince: row.statusSince } : {}),
    ...(row.serverStartedAt ? { serverStartedAt: row.serverStartedAt } : {}),
    ...(row.becameBackupAt ? { becameBackupAt: row.becameBackupAt } : {}),
    ...(row.checkingStartedAt
      ? { checking: { startedAt: row.checkingStartedAt, atStart: row.checkingAtStart } }
      : {}),
    // A revoked agent speaks for nobody: the host is as good as never reported.
    agent:
      row.hasAgent && !row.revoked
        ? { connected: row.connected ?? false, ...(row.lastSeenAt ? { lastSeenAt: row.lastSeenAt } : {}) }
        : null,
    staleAfterMs: staleAfterSec * 1000,
    ...(row.pendingRestart && row.pendingSince ? { pendingRestartSince: row.pendingSince } : {}),
    ...(row.peerHostname
      ? {
          pairPeer: {
            hostname: row.peerHostname,
            effectiveOptions: readOptionsMap(row.peerEffectiveOptions),
          },
        }
      : {}),
    observedStartupMs: Array.isArray(row.startupMs)
      ? row.startupMs.filter((ms): ms is number => typeof ms === 'number')
      : [],
    ...(row.agentClockSkewMs !== null ? { agentClockSkewMs: row.agentClockSkewMs } : {}),
    now,
  };
}

function isMode(value: string): value is TSipServerMode {
  return (SIP_SERVER_MODES as readonly string[]).includes(value);
}

function isCheckStatus(value: string): value is TCheckStatus {
  return (CHECK_STATUSES as readonly string[]).includes(value);
}
