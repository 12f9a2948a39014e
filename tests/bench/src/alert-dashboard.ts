import { fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createEnrollmentToken, createUser, enrollAgent, type Role } from '@standby/api';
import { createPrismaClient, type PrismaClient } from '@standby/db';
import { runConcurrently } from '@standby/simulator/load';
import { nextMessage, stopChild } from './child-process';
import type { TDashboardReady } from './dashboard-process';
import type { ResourceScope } from './resources';

export interface AlertBenchDashboard {
  url: string;
  /** The dashboard's node process; its embedded PostgreSQL runs as its descendants. */
  pid: number;
  prisma: PrismaClient;
  enrollAgents(
    hosts: readonly { hostKey: string; hostname: string; application: string }[],
  ): Promise<string[]>;
  /** A new user with this role, signed in over HTTP; returns the session cookie header. */
  signIn(role: Role): Promise<string>;
}

const SYSTEM = { id: 'bench', label: 'bench' };

/**
 * Starts a dashboard in its own process (alert-dashboard-process.ts) on a fresh embedded PostgreSQL
 * under `dir`, with STANDBY_ALERT_HOLD_DOWN_SEC in its environment; `scope` stops it. The same as
 * startBenchDashboard otherwise (that one's child does not read the alert settings).
 */
export async function startAlertBenchDashboard(
  scope: ResourceScope,
  dir: string,
  options: { holdDownSec: number; profileDir?: string | undefined },
): Promise<AlertBenchDashboard> {
  await mkdir(dir, { recursive: true });
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  // As forkTs does (own process group: Ctrl-C reaches only the bench), plus the environment.
  const child = fork(path.join(import.meta.dirname, 'alert-dashboard-process.ts'), [dir], {
    execArgv: ['--import', import.meta.resolve('tsx'), ...profile],
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    env: { ...process.env, STANDBY_ALERT_HOLD_DOWN_SEC: String(options.holdDownSec) },
  });
  scope.defer('dashboard', () => stopChild(child, 30_000));
  const ready = await nextMessage<TDashboardReady>(child, 'ready', 180_000);
  const url = `http://127.0.0.1:${ready.port}`;
  const prisma = createPrismaClient(ready.databaseUrl, { maxConnections: 4 });
  scope.defer('bench database client', () => prisma.$disconnect());
  let users = 0;

  return {
    url,
    pid: child.pid!,
    prisma,
    enrollAgents: async (hosts) => {
      const { token } = await createEnrollmentToken(
        prisma,
        { label: 'bench', expiresInHours: 2, maxUses: Math.max(1, hosts.length) },
        SYSTEM,
      );
      const credentials: string[] = new Array(hosts.length);
      await runConcurrently(hosts, 4, async (host, index) => {
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
