import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient, openDatabase, type Prisma, type PrismaClient } from '@standby/db';
import type { Role } from '../src/auth/roles';
import { appRouter } from '../src/root';
import { type CommandBus, createCallerFactory, type SessionUser } from '../src/trpc';

export interface TestDatabase {
  prisma: PrismaClient;
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
  const dir = await mkdtemp(path.join(os.tmpdir(), 'standby-api-test-'));
  const database = await openDatabase({ embeddedDataDir: path.join(dir, 'pgdata') });
  const prisma = createPrismaClient(database.url, { maxConnections: 5 });
  const callerFor = (user: SessionUser | null) =>
    createCaller({ prisma, user, agent: null, ip: null, commandBus: idleCommandBus });
  return {
    prisma,
    callerFor,
    callerAs: (role) => callerFor(testUser(role)),
    dispose: async () => {
      await prisma.$disconnect();
      await database.embedded?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Seeding

export interface SeedHost {
  hostname: string;
  application?: string;
  pairId?: string | null;
  mode?: string;
  version?: string | null;
  sameHost?: boolean;
  status?: string;
  statusSince?: Date | null;
  lastCheckAt?: Date | null;
  pendingRestart?: boolean;
  pendingSince?: Date | null;
  configuredOptions?: Record<string, string>;
  effectiveOptions?: Record<string, string>;
  lastFindings?: Prisma.InputJsonValue;
  findingsCritical?: number;
  findingsWarning?: number;
  findingsInfo?: number;
  /** The agent row: connected or not; null for a host without one. */
  agent?: { connected: boolean; lastSeenAt?: Date; agentVersion?: string; revokedAt?: Date } | null;
}

/** Inserts hosts (and their agents) as ingest would have left them; returns ids in input order. */
export async function seedHosts(prisma: PrismaClient, hosts: readonly SeedHost[]): Promise<string[]> {
  const ids = hosts.map(() => randomUUID());
  await prisma.host.createMany({
    data: hosts.map((host, i) => {
      const { agent: _agent, ...facts } = host;
      return {
        id: ids[i]!,
        key: `${host.hostname}/${host.application ?? 'SIPS'}/${ids[i]}`,
        application: 'SIPS',
        mode: 'backup',
        version: '8.1.103.64',
        ...facts,
      };
    }),
  });
  const agents = hosts.flatMap((host, i) => (host.agent ? [{ hostId: ids[i]!, ...host.agent }] : []));
  if (agents.length) await prisma.agent.createMany({ data: agents });
  return ids;
}

export async function seedPair(prisma: PrismaClient, name: string): Promise<string> {
  const pair = await prisma.haPair.create({ data: { name } });
  return pair.id;
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
