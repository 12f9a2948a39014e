import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createEnrollmentToken, createUser, enrollAgent, type Role } from '@standby/api';
import { createPrismaClient, type PrismaClient } from '@standby/db';
import { runConcurrently } from '@standby/simulator/load';
import { forkTs, nextMessage, stopChild } from './child-process';
import type { TDashboardReady } from './dashboard-process';
import type { ResourceScope } from './resources';

export interface BenchDashboard {
  /** Loopback IP rather than `localhost`: no resolver detour on every connection. */
  url: string;
  databaseUrl: string;
  /** The dashboard's node process; its embedded PostgreSQL runs as its descendants. */
  pid: number;
  /** The bench's own client, for setup and for checking what was stored. */
  prisma: PrismaClient;
  enrollmentToken(maxUses: number): Promise<string>;
  /** Enrolls each host directly (as the dashboard's tests do) and returns the agents' credentials in order. */
  enrollAgents(
    hosts: readonly { hostKey: string; hostname: string; application: string }[],
  ): Promise<string[]>;
  /** A new user with this role, signed in over HTTP; returns the session cookie header. */
  signIn(role: Role): Promise<string>;
}

const SYSTEM = { id: 'bench', label: 'bench' };

/** Starts a dashboard in its own process on a fresh embedded PostgreSQL under `dir`; `scope` stops it. */
export async function startBenchDashboard(
  scope: ResourceScope,
  dir: string,
  options: { profileDir?: string | undefined; alertHoldDownSec?: number } = {},
): Promise<BenchDashboard> {
  await mkdir(dir, { recursive: true });
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const env: Record<string, string> = {};
  if (options.alertHoldDownSec !== undefined)
    env.STANDBY_ALERT_HOLD_DOWN_SEC = String(options.alertHoldDownSec);
  const child = forkTs(path.join(import.meta.dirname, 'dashboard-process.ts'), [dir], profile, env);
  scope.defer('dashboard', () => stopChild(child, 30_000));
  const ready = await nextMessage<TDashboardReady>(child, 'ready', 180_000);
  const url = `http://127.0.0.1:${ready.port}`;
  const prisma = createPrismaClient(ready.databaseUrl, { maxConnections: 10 });
  scope.defer('bench database client', () => prisma.$disconnect());
  let users = 0;

  const enrollmentToken = async (maxUses: number) =>
    (await createEnrollmentToken(prisma, { label: 'bench', expiresInHours: 2, maxUses }, SYSTEM)).token;

  return {
    url,
    databaseUrl: ready.databaseUrl,
    pid: child.pid!,
    prisma,
    enrollmentToken,
    enrollAgents: async (hosts) => {
      const token = await enrollmentToken(Math.max(1, hosts.length));
      const credentials: string[] = new Array(hosts.length);
      await runConcurrently(hosts, 8, async (host, index) => {
        credentials[index] = (await enrollAgent(prisma, { token, ...host }, null)).credential;
      });
      return credentials;
    },
    signIn: async (role) => {
      const email = `${role}-${++users}@bench.standby`;
      const password = 'bench correct horse battery';
      await createUser(prisma, { email, name: `bench ${role}`, password, role });
      const response = await fetch(`${url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      return response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; ');
    },
  };
}
