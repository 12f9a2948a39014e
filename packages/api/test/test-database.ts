import { randomUUID } from 'node:crypto';
import type { PgPool, PrismaClient } from '@standby/db';
import { createEnrolledAgent, openTestDatabase } from '@standby/db/testing';
import { COMPONENT_NAMES } from '@standby/domain';
import {
  type TAgentHello,
  type TCheckResult,
  ZAgentHelloSchema,
  ZCheckResultSchema,
} from '@standby/protocol';
import type { Role } from '../src/auth/roles';
import { appRouter } from '../src/root';
import { prismaTransactions, refreshHostVerdicts } from '../src/services/refresh-host-verdicts';
import { markAgentDisconnected, registerAgentHost } from '../src/services/register-agent-host';
import { storeCheckResults } from '../src/services/store-check-results';
import { type CommandBus, createCallerFactory, type SessionUser } from '../src/trpc';

// Rows that enrollment and a hello leave (pairs, hosts, agents, users) come from @standby/db/testing's
// factories; what ingest and the verdict produce is made below through the real services.

export interface TestDatabase {
  prisma: PrismaClient;
  /** A plain `pg` pool on the same database, as the dashboard's hot paths (ingest, leases) use. */
  pool: PgPool;
  databaseUrl: string;
  /** A tRPC caller acting as `user` (null: not signed in). */
  callerFor(user: SessionUser | null): ReturnType<typeof createCaller>;
  /** A caller signed in with this role. */
  callerAs(role: Role): ReturnType<typeof createCaller>;
  dispose(): Promise<void>;
}

const createCaller = createCallerFactory(appRouter);

/** Read procedures never wake agents: every method resolves at once. */
export const idleCommandBus: CommandBus = {
  waitForCommand: async () => {},
  notifyHosts: async () => {},
  notifyRevoked: async () => {},
  onRevoked: () => () => {},
  publishHostChanges: async () => {},
  onHostChanges: () => () => {},
};

export function testUser(role: Role): SessionUser {
  return { id: `user-${role}`, email: `${role}@standby.test`, name: `Test ${role}`, role };
}

/** A real PostgreSQL (embedded, in a temp dir) with the migrations applied; one per test file. */
export async function startTestDatabase(): Promise<TestDatabase> {
  const database = await openTestDatabase({ prefix: 'standby-api-test-' });
  const { prisma, pool } = database;
  const callerFor = (user: SessionUser | null) =>
    createCaller({ prisma, user, agent: null, ip: null, commandBus: idleCommandBus });
  return {
    prisma,
    pool,
    databaseUrl: database.url,
    callerFor,
    callerAs: (role) => callerFor(testUser(role)),
    dispose: database.dispose,
  };
}

/** Collects every page of a keyset listing, checking page sizes on the way. */
export async function walkPages<T>(
  load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await load(cursor);
    pages++;
    if (page.items.length > limit) throw new Error(`page of ${page.items.length} exceeds limit ${limit}`);
    if (page.nextCursor !== null && page.items.length !== limit) {
      throw new Error(`a page with a next cursor has ${page.items.length} items, not ${limit}`);
    }
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (pages > 10_000) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}

// ---------------------------------------------------------------------------------------------------------
// Facts through the real path: ingest, hello, verdict

/** Evaluates and stores the verdict of these hosts (and their pair peers), as every fact change does. */
export function refreshVerdicts(db: TestDatabase, hostIds: readonly string[], now?: Date): Promise<string[]> {
  return refreshHostVerdicts(prismaTransactions(db.prisma), hostIds, now ? { now } : {});
}

export interface CheckResultSeed {
  status?: 'RUNNING' | 'SERVICE_UNAVAILABLE';
  startedAt?: Date;
  durationMs?: number;
  trigger?: TCheckResult['trigger'];
  mode?: TCheckResult['mode'];
  applicable?: boolean;
  checkEnabled?: boolean;
  timeoutSec?: number;
  /** Per component (domain order): ms until ready, null for one that timed out (never ready). */
  readyAfterMs?: (number | null)[];
  portState?: TCheckResult['portCheck']['state'];
  portReason?: string | null;
  findings?: TCheckResult['findings'];
  options?: Record<string, string>;
  configuredOptions?: Record<string, string>;
  version?: string;
  serverStartedAt?: Date | null;
  reasons?: string[];
}

/** A check result as an agent sends it, validated by the protocol's schema (as the socket handler does). */
export function checkResult(seed: CheckResultSeed = {}): TCheckResult {
  const startedAt = seed.startedAt ?? new Date();
  const durationMs = seed.durationMs ?? 1_000;
  const status = seed.status ?? 'RUNNING';
  const ready = seed.readyAfterMs ?? (seed.checkEnabled === false ? [] : [100, 200, 300, 400]);
  const timeoutSec = seed.timeoutSec ?? 15;
  return ZCheckResultSchema.parse({
    runId: randomUUID(),
    status,
    applicable: seed.applicable ?? true,
    mode: seed.mode ?? 'backup',
    checkEnabled: seed.checkEnabled ?? true,
    timeoutSec,
    trigger: seed.trigger ?? 'interval',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
    durationMs,
    components: ready.map((ms, i) => ({
      name: COMPONENT_NAMES[i]!,
      state: ms === null ? 'timeout' : 'ready',
      readyAfterMs: ms,
      detail: ms === null ? 'not ready' : null,
    })),
    portCheck: {
      state: seed.portState ?? (status === 'RUNNING' ? 'passed' : 'failed'),
      reason: seed.portReason ?? null,
      port: 5060,
      address: null,
    },
    findings: seed.findings ?? [],
    options: seed.options ?? { 'backup-init-check': 'true', 'backup-init-check-timeout': String(timeoutSec) },
    configuredOptions: seed.configuredOptions ?? {},
    ...(seed.version ? { version: seed.version } : {}),
    serverStartedAt: seed.serverStartedAt?.toISOString() ?? null,
    reasons: seed.reasons ?? (status === 'RUNNING' ? [] : ['Interaction Proxy was not ready within 15 s']),
  });
}

/**
 * Stores results through the ingest statement (runs, host moved forward, verdict evaluated, one commit),
 * received now — or, with `receivedLive`, as if each had arrived the moment it finished (history made
 * of results that were delivered live when they happened).
 */
export async function ingest(
  db: TestDatabase,
  hostId: string,
  results: readonly TCheckResult[],
  late = false,
  receivedLive = false,
): Promise<{ stored: boolean[]; evaluatedHostIds: string[] }> {
  return storeCheckResults(
    db.pool,
    results.map((result) => ({
      hostId,
      result,
      late,
      ...(receivedLive ? { receivedAt: new Date(result.finishedAt) } : {}),
    })),
  );
}

/** A `hello` as the agent sends it (validated by the protocol's schema). */
export function helloFor(hostKey: string, overrides: Partial<TAgentHello> = {}): TAgentHello {
  const [hostname = hostKey, application = 'SIPS'] = hostKey.split('/');
  return ZAgentHelloSchema.parse({
    hostKey,
    hostname,
    application,
    pair: null,
    version: '8.1.103.64',
    mode: 'backup',
    sameHost: false,
    configuredOptions: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
    effectiveOptions: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
    agentVersion: 'test',
    ...overrides,
  });
}

/** An enrolled agent (host and agent rows, as enrollment leaves them), not connected yet. */
export function enrolledAgent(
  db: TestDatabase,
  hostKey: string,
): Promise<{ agentId: string; hostId: string; hostKey: string }> {
  return createEnrolledAgent(db.prisma, hostKey);
}

/** The agent says hello through the real service (facts, changes, connected, verdict), on `connection`. */
export function sayHello(
  db: TestDatabase,
  agent: { agentId: string; hostId: string; hostKey: string },
  overrides: Partial<TAgentHello> = {},
  connection = 'node-test/socket-1',
) {
  return registerAgentHost(db.prisma, agent, helloFor(agent.hostKey, overrides), connection);
}

export interface ReportingHostSeed {
  /** `hostname/application`; a hello override may rename either (e.g. for names with a slash). */
  hostKey: string;
  hello?: Partial<TAgentHello>;
  /** Results the agent sends after its hello, each through the ingest statement, in order. */
  results?: CheckResultSeed[];
  /** Its socket closes after it reported (the verdict turns unknown). */
  disconnected?: boolean;
}

/**
 * A host made the way production makes one: its agent enrolls, says hello (registerAgentHost), sends
 * its results (storeCheckResults) and maybe disconnects (markAgentDisconnected) — the verdict, status and
 * findings are what those services stored. Returns the host id.
 */
export async function reportingHost(db: TestDatabase, seed: ReportingHostSeed): Promise<string> {
  const agent = await enrolledAgent(db, seed.hostKey);
  // Names are fixed at enrollment (a hello cannot change them): enrolled under the ones the hello uses.
  const { hostname, application } = seed.hello ?? {};
  if (hostname || application)
    await db.prisma.host.update({
      where: { id: agent.hostId },
      data: { ...(hostname ? { hostname } : {}), ...(application ? { application } : {}) },
    });
  const connection = `node-test/${agent.agentId}`;
  await sayHello(db, agent, seed.hello ?? {}, connection);
  for (const result of seed.results ?? []) await ingest(db, agent.hostId, [checkResult(result)]);
  if (seed.disconnected) await markAgentDisconnected(db.prisma, agent.hostId, connection);
  return agent.hostId;
}
