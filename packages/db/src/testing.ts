// Seed factories for tests and benchmarks (`@standby/db/testing`): a throwaway database, and the rows that
// enrollment, an agent's hello and its connection leave behind — pairs, hosts with their reported facts,
// agents, users. Deliberately NO factory for what ingest and the verdict produce (a host's status and
// latest check, its verdict, display status, findings and their counts): tests make those through the
// real services (`storeCheckResults`, `registerAgentHost`, `refreshHostVerdicts` in @standby/api), so a
// listing is never tested against data its producer could not have written.
import { createHash, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createPrismaClient } from './client';
import { openDatabase } from './database';
import { makeStandbyTempDir } from './embedded/standby-temp-dir';
import type { PrismaClient } from './generated/prisma/client';
import { createPgPool, type PgPool } from './pg-pool';

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  /** A plain `pg` pool on the same database, as the dashboard's hot paths (ingest, leases) use. */
  pool: PgPool;
  dispose(): Promise<void>;
}

/** A real PostgreSQL (embedded, in a fresh temp dir) with every migration applied; stop it with dispose(). */
export async function openTestDatabase(
  options: { prefix?: string; maxConnections?: number } = {},
): Promise<TestDatabase> {
  // Searchable from the start: as root, the `postgres` user enters it (see embedded/cluster-location.ts).
  const dir = await makeStandbyTempDir(options.prefix ?? 'standby-test-db-');
  const database = await openDatabase({ embeddedDataDir: path.join(dir, 'pgdata') }).catch(
    async (error: unknown) => {
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      throw error;
    },
  );
  const prisma = createPrismaClient(database.url, { maxConnections: options.maxConnections ?? 5 });
  const pool = createPgPool(database.url);
  return {
    url: database.url,
    prisma,
    pool,
    dispose: async () => {
      await pool.end();
      await prisma.$disconnect();
      await database.embedded?.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Rows as enrollment and a hello leave them

/** An HA pair, as the first hello naming it creates it; returns its id. */
export async function createPair(prisma: PrismaClient, name: string): Promise<string> {
  return (await prisma.haPair.create({ data: { name } })).id;
}

/** The agent row of a host: enrolled, and connected or not (its socket's fact, not a verdict). */
export interface AgentSeed {
  connected?: boolean;
  connectedNode?: string;
  lastSeenAt?: Date;
  agentVersion?: string;
  revokedAt?: Date;
}

/**
 * A host as its agent's hello describes it, and as an applied option change may leave it (pending a
 * restart). No status, check, verdict or findings: a host made here has never reported a check, and its
 * verdict columns hold the schema's defaults until the real services evaluate them.
 */
export interface HostSeed {
  hostname: string;
  /** Default `SIPS`. */
  application?: string;
  /** Default `hostname/application` (plus a unique suffix when `uniqueKey`). */
  key?: string;
  pairId?: string | null;
  mode?: 'backup' | 'primary' | 'unknown';
  version?: string | null;
  sameHost?: boolean;
  configuredOptions?: Record<string, string>;
  effectiveOptions?: Record<string, string>;
  intervalSec?: number | null;
  pendingRestart?: boolean;
  pendingSince?: Date | null;
  /** The agent row; null or absent: no agent was ever enrolled for the host. */
  agent?: AgentSeed | null;
}

/** Inserts hosts (and their agents) in one statement each; returns their ids in input order. */
export async function createHosts(prisma: PrismaClient, hosts: readonly HostSeed[]): Promise<string[]> {
  const ids = hosts.map(() => randomUUID());
  await prisma.host.createMany({
    data: hosts.map((host, i) => {
      const application = host.application ?? 'SIPS';
      return {
        id: ids[i]!,
        key: host.key ?? `${host.hostname}/${application}/${ids[i]}`,
        hostname: host.hostname,
        application,
        pairId: host.pairId ?? null,
        mode: host.mode ?? 'backup',
        version: host.version === undefined ? '8.1.103.64' : host.version,
        sameHost: host.sameHost ?? false,
        configuredOptions: host.configuredOptions ?? {},
        effectiveOptions: host.effectiveOptions ?? {},
        intervalSec: host.intervalSec ?? null,
        pendingRestart: host.pendingRestart ?? false,
        pendingSince: host.pendingSince ?? null,
      };
    }),
  });
  const agents = hosts.flatMap((host, i) =>
    host.agent
      ? [
          {
            hostId: ids[i]!,
            connected: host.agent.connected ?? false,
            connectedNode: host.agent.connectedNode ?? null,
            lastSeenAt: host.agent.lastSeenAt ?? null,
            agentVersion: host.agent.agentVersion ?? null,
            revokedAt: host.agent.revokedAt ?? null,
          },
        ]
      : [],
  );
  if (agents.length) await prisma.agent.createMany({ data: agents });
  return ids;
}

/**
 * An enrolled agent for `hostKey` (`hostname/application`): the host and agent rows as enrollment leaves
 * them, not connected, no hello yet. Its hello, results and verdict go through the real services.
 */
export async function createEnrolledAgent(
  prisma: PrismaClient,
  hostKey: string,
): Promise<{ agentId: string; hostId: string; hostKey: string }> {
  const [hostname = hostKey, application = 'SIPS'] = hostKey.split('/');
  const host = await prisma.host.create({ data: { key: hostKey, hostname, application } });
  const agent = await prisma.agent.create({ data: { hostId: host.id } });
  return { agentId: agent.id, hostId: host.id, hostKey };
}

/**
 * A user row without a password (an actor for audit events and option changes). A user who signs in is
 * made by @standby/api's createUser, which sets the password through the auth library.
 */
export async function createUserRow(
  prisma: PrismaClient,
  user: { id?: string; email: string; name?: string; role: 'viewer' | 'operator' | 'admin' },
): Promise<string> {
  const created = await prisma.user.create({
    data: { id: user.id ?? randomUUID(), email: user.email, name: user.name ?? user.email, role: user.role },
  });
  return created.id;
}

// ---------------------------------------------------------------------------------------------------------
// A fleet at benchmark scale

/** The id createBulkFleet gives host number `index` (md5 as a uuid, as its SQL computes it). */
export function bulkHostId(index: number): string {
  const hex = createHash('md5').update(`host-${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Runs one parameterized statement: a `pg` pool or client. */
export interface BulkQueryable {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

// Pairs of two hosts (even: backup, odd: primary), each with its agent; one agent in 50 disconnected.
// The same facts as createHosts writes, server-side (INSERT … SELECT generate_series): no rows cross
// the network. Times are UTC wall clock, as Prisma stores them.
const BULK_FLEET = [
  `INSERT INTO "HaPair" (id, name)
  SELECT md5('pair-' || p)::uuid, 'pair-' || lpad(p::text, 6, '0') FROM generate_series(0, ($1::int + 1) / 2 - 1) p`,
  `INSERT INTO "Host" (id, key, hostname, application, "pairId", mode, version, "configuredOptions",
    "effectiveOptions", "lastSeenAt", "updatedAt")
  SELECT md5('host-' || h)::uuid, 'sip-' || n || '.bench/SIP_' || n, 'sip-' || n || '.bench', 'SIP_' || n,
    md5('pair-' || (h / 2))::uuid, CASE WHEN h % 2 = 0 THEN 'backup' ELSE 'primary' END, '8.1.103.64',
    $2::jsonb, $2::jsonb, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
  FROM generate_series(0, $1::int - 1) h, LATERAL (SELECT lpad(h::text, 6, '0') AS n) x`,
  `INSERT INTO "Agent" (id, "hostId", connected, "connectedNode", "lastSeenAt", "agentVersion")
  SELECT md5('agent-' || h)::uuid, md5('host-' || h)::uuid, h % 50 <> 0, 'bench', now() AT TIME ZONE 'UTC', '0.1.0'
  FROM generate_series(0, $1::int - 1) h`,
];

/**
 * `hosts` hosts (ids from bulkHostId), their pairs and agents, as their hellos would leave them, all
 * reporting `options`. Like createHosts, nothing that ingest or the verdict produce.
 */
export async function createBulkFleet(
  db: BulkQueryable,
  fleet: { hosts: number; options: Readonly<Record<string, string>> },
): Promise<void> {
  const options = JSON.stringify(fleet.options);
  await db.query(BULK_FLEET[0]!, [fleet.hosts]);
  await db.query(BULK_FLEET[1]!, [fleet.hosts, options]);
  await db.query(BULK_FLEET[2]!, [fleet.hosts]);
}

/** Whether host number `index` of createBulkFleet is a backup (even) or a primary (odd). */
export const isBulkBackup = (index: number): boolean => index % 2 === 0;
/** Whether the agent of host number `index` of createBulkFleet is connected (all but one in 50). */
export const isBulkConnected = (index: number): boolean => index % 50 !== 0;
