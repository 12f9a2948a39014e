import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createEnrollmentToken, createUser, enrollAgent, type Role } from '@standby/api';
import { createPrismaClient, type PrismaClient } from '@standby/db';
import {
  type RunningDashboard,
  type StartDashboardOptions,
  startDashboard,
} from '../src/server/start-dashboard';
import { TEST_AUTH_SECRET } from './test-auth-secret';

export interface TestDashboard extends RunningDashboard {
  dir: string;
  prisma: PrismaClient;
  /** A fresh enrollment token, as an admin would create one. */
  enrollmentToken(maxUses?: number): Promise<string>;
  /** Enrolls an agent for `hostKey` directly (for tests that speak the socket protocol by hand). */
  agentCredential(hostKey: string): Promise<string>;
  /** Creates a user with this role and signs in over HTTP; returns the session cookie header. */
  signIn(role: Role): Promise<string>;
  dispose(): Promise<void>;
}

/** A real dashboard (API, sockets, health; no pages) on a fresh embedded PostgreSQL in a temp dir. */
export async function startTestDashboard(
  options: {
    dir?: string;
    port?: number;
    databaseUrl?: string;
    keepDir?: boolean;
    nodeLeaseMs?: number;
    /** Reverse proxies whose X-Forwarded-For is believed (tests of per-address limits). */
    trustedProxies?: string[];
    /** Default TEST_AUTH_SECRET; null: none, so the node uses its secret file beside the data. */
    authSecret?: string | null;
    /** Budgets of agent.enroll and of agent socket events (tests of the limits raise or lower them). */
    enrollLimits?: StartDashboardOptions['enrollLimits'];
    agentEventLimits?: StartDashboardOptions['agentEventLimits'];
    /** Serve HTTPS with these files (signIn's fetch does not trust a test CA: sign in by hand). */
    tls?: StartDashboardOptions['tls'];
    /** Who may scrape /metrics (default loopback, no token). */
    metrics?: StartDashboardOptions['metrics'];
  } = {},
): Promise<TestDashboard> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'standby-test-')));
  const startOptions: StartDashboardOptions = {
    port: options.port ?? 0,
    host: '127.0.0.1',
    embeddedDataDir: path.join(dir, 'pgdata'),
    databaseUrl: options.databaseUrl,
    serveUi: false,
    authSecret: options.authSecret === null ? undefined : (options.authSecret ?? TEST_AUTH_SECRET),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(options.nodeLeaseMs ? { nodeLeaseMs: options.nodeLeaseMs } : {}),
    ...(options.enrollLimits ? { enrollLimits: options.enrollLimits } : {}),
    ...(options.agentEventLimits ? { agentEventLimits: options.agentEventLimits } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    log: () => {},
  };
  const dashboard = await startDashboard(startOptions);
  const prisma = createPrismaClient(dashboard.databaseUrl);
  const system = { id: 'test', label: 'test' };
  let users = 0;
  return {
    ...dashboard,
    dir,
    prisma,
    enrollmentToken: async (maxUses = 100) =>
      (await createEnrollmentToken(prisma, { label: 'test', expiresInHours: 1, maxUses }, system)).token,
    agentCredential: async (hostKey) => {
      const token = (
        await createEnrollmentToken(prisma, { label: null, expiresInHours: 1, maxUses: 1 }, system)
      ).token;
      const [hostname = hostKey, application = hostKey] = hostKey.split('/');
      return (await enrollAgent(prisma, { token, hostKey, hostname, application }, null)).credential;
    },
    signIn: async (role) => {
      const email = `${role}-${process.pid}-${++users}-${Date.now()}@test.standby`;
      const password = 'correct horse battery';
      await createUser(prisma, { email, name: role, password, role });
      const response = await fetch(`${dashboard.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: dashboard.url },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      return response.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0])
        .join('; ');
    },
    dispose: async () => {
      await prisma.$disconnect();
      await dashboard.close();
      if (!options.keepDir) await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The id of the host of `application` once its agent is connected. */
export function connectedHostIdOf(
  dashboard: Pick<TestDashboard, 'prisma'>,
  application: string,
): Promise<string> {
  return waitFor(
    () =>
      dashboard.prisma.host
        .findFirst({ where: { application, agent: { connected: true } } })
        .then((host) => host?.id),
    `${application} connected`,
  );
}
