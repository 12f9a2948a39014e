import type { PgPool } from '@standby/db';
import { pgTransactions, refreshHostVerdicts } from './refresh-host-verdicts';

/** A node that has not renewed its lease for this long is dead: its agents' rows are released. */
export const NODE_LEASE_MS = 30_000;

/** Renews this node's lease (its heartbeat row). */
export async function renewNodeLease(pool: PgPool, nodeId: string): Promise<void> {
  await pool.query(
    `INSERT INTO "DashboardNode" (id, "startedAt", "heartbeatAt") VALUES ($1, now(), now())
     ON CONFLICT (id) DO UPDATE SET "heartbeatAt" = now()`,
    [nodeId],
  );
}

/** A node stopping cleanly gives its lease back. */
export async function releaseNodeLease(pool: PgPool, nodeId: string): Promise<void> {
  await pool.query(`DELETE FROM "DashboardNode" WHERE id = $1`, [nodeId]);
}

const RELEASE_CHECKS = `UPDATE "Host" h SET "checkingRunId" = NULL, "checkingStartedAt" = NULL,
  "checkingTrigger" = NULL, "checkingAtStart" = false, "liveComponents" = '[]'::jsonb
  FROM released r WHERE h.id = r."hostId"`;

/**
 * Marks disconnected the agents held by nodes whose lease ran out (killed, frozen, cut off) or that hold
 * none: a node that dies cannot close its agents' rows, so the survivors do. Agents that reconnected
 * elsewhere hold another node's name and are left alone. Resolves with the hosts evaluated again.
 */
export async function reapDeadNodes(pool: PgPool, leaseMs = NODE_LEASE_MS): Promise<string[]> {
  const alive = `n."heartbeatAt" >= now() - make_interval(secs => $1::double precision / 1000)`;
  return releaseAgents(
    pool,
    `NOT EXISTS (SELECT 1 FROM "DashboardNode" n WHERE n.id = split_part(a."connectedNode", '/', 1) AND ${alive})`,
    [leaseMs],
    `dead AS (
       DELETE FROM "DashboardNode" WHERE "heartbeatAt" < now() - make_interval(secs => $1::double precision / 1000)
     ),`,
  );
}

/** On a node's start and clean stop: none of the agents its name holds is connected to it. */
export function releaseNodeAgents(pool: PgPool, nodeId: string): Promise<string[]> {
  return releaseAgents(pool, `split_part(a."connectedNode", '/', 1) = $1`, [nodeId]);
}

/**
 * Marks disconnected the agents whose row names a connection to this node that is gone (its
 * disconnect could not be written: the database was down then). `isLive` is asked after the rows
 * are read, and only the exact connection read is released, so an agent that reconnected meanwhile
 * (a new socket, a new name) is left alone. Resolves with the hosts evaluated again.
 */
export async function releaseGoneConnections(
  pool: PgPool,
  nodeId: string,
  isLive: (connection: string) => boolean,
): Promise<string[]> {
  const { rows } = await pool.query<{ connection: string }>(
    `SELECT "connectedNode" AS connection FROM "Agent" WHERE connected AND split_part("connectedNode", '/', 1) = $1`,
    [nodeId],
  );
  const gone = rows.map((row) => row.connection).filter((connection) => !isLive(connection));
  if (gone.length === 0) return [];
  return releaseAgents(pool, `a."connectedNode" = ANY($1::text[])`, [gone]);
}

/**
 * Marks disconnected the connected agents matching `condition` (over "Agent" a), ends their hosts'
 * checks in progress in the same statement, then evaluates those hosts' verdicts again.
 */
async function releaseAgents(
  pool: PgPool,
  condition: string,
  params: unknown[],
  before = '',
): Promise<string[]> {
  const { rows } = await pool.query<{ hostId: string }>(
    `WITH ${before}
     released AS (
       UPDATE "Agent" a SET connected = false WHERE a.connected AND ${condition}
       RETURNING a."hostId"
     ),
     unchecked AS (${RELEASE_CHECKS})
     SELECT "hostId"::text AS "hostId" FROM released`,
    params,
  );
  return refreshHostVerdicts(
    pgTransactions(pool),
    rows.map((row) => row.hostId),
  );
}

/** Hosts whose verdict changes by time alone (data going stale, a pending restart aging): evaluated again. */
export async function sweepDueVerdicts(pool: PgPool, limit = 1_000): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id::text AS id FROM "Host" WHERE "reevaluateAt" <= now() ORDER BY "reevaluateAt" LIMIT $1`,
    [limit],
  );
  return refreshHostVerdicts(
    pgTransactions(pool),
    rows.map((row) => row.id),
  );
}
