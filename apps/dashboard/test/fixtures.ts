import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AppRouter } from '@standby/api';
import { type TAgentHello, wireTransformer } from '@standby/protocol';
import { SimulatedSipHost } from '@standby/simulator/host';
import { createTRPCClient, httpLink } from '@trpc/client';
import { io } from 'socket.io-client';
import { TEST_AUTH_SECRET } from './test-auth-secret';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export const READY_FAST = {
  't-controller': 50,
  'smart-proxy': 100,
  'interaction-proxy': 150,
  'operational-info': 200,
};

/** A tRPC client as a browser would use it: over HTTP, with a session cookie (or none). */
export function browserClient(url: string, cookie?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${url}/api/trpc`, headers: cookie ? { cookie } : {}, transformer: wireTransformer }),
    ],
  });
}

/** A tRPC client over HTTP with `Authorization: Bearer` (an agent's credential or an API token). */
export function bearerClient(url: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url}/api/trpc`,
        headers: { authorization: `Bearer ${token}` },
        transformer: wireTransformer,
      }),
    ],
  });
}

/**
 * A valid check result as an agent sends it, finished a second ago (the dashboard judges times against
 * its own clock), a RUNNING backup with one ready component; `overrides` replace whole fields.
 */
export function agentResult(overrides: Record<string, unknown> = {}) {
  const finished = Date.now() - 1_000;
  return {
    runId: randomUUID(),
    status: 'RUNNING',
    applicable: true,
    mode: 'backup',
    checkEnabled: true,
    timeoutSec: 15,
    trigger: 'interval',
    startedAt: new Date(finished - 500).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: 500,
    components: [{ name: 'smart-proxy', state: 'ready', readyAfterMs: 100, detail: null }],
    portCheck: { state: 'passed', reason: null, port: 5060, address: null },
    findings: [],
    options: { 'backup-init-check': 'true' },
    ...overrides,
  };
}

/** A hand-made agent socket, authenticated with `credential` (for tests that speak the protocol themselves). */
export function rawAgentSocket(url: string, credential: string, reconnection = true) {
  return io(`${url}/agent`, { transports: ['websocket'], auth: { token: credential }, reconnection });
}

/** A valid `hello` for `hostKey` (`hostname/application`): a backup on the first version with the check. */
export function helloFor(hostKey: string): TAgentHello {
  const [hostname = hostKey, application = hostKey] = hostKey.split('/');
  return {
    hostKey,
    hostname,
    application,
    pair: null,
    version: '8.1.103.64',
    mode: 'backup',
    sameHost: false,
    configuredOptions: {},
    effectiveOptions: {},
    agentVersion: 'test',
    serverStartedAt: null,
    intervalSec: null,
  };
}

/** A simulated SIP Server host that is up, enrolled with a fresh token, not yet with an agent running. */
export async function enrolledHost(
  dir: string,
  dashboard: { url: string; enrollmentToken(): Promise<string> },
  application: string,
  pair = 'SIPS_PAIR',
): Promise<SimulatedSipHost> {
  const host = await SimulatedSipHost.create(
    dir,
    {
      hostname: `${application.toLowerCase()}.test`,
      application,
      pair,
      mode: 'backup',
      version: '8.1.103.64',
      options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
      componentDelaysMs: READY_FAST,
    },
    { url: dashboard.url, enrollmentToken: await dashboard.enrollmentToken() },
  );
  await host.start();
  return host;
}

/** The real agent daemon, as its own process (`pnpm --silent agent run`), in its own process group. */
export function spawnAgentProcess(configPath: string): Stoppable {
  const child = spawn(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    ['apps/agent/src/cli.ts', 'run', '--config', configPath],
    {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    },
  );
  return stoppable(child);
}

/** A second dashboard node as its own process, sharing the first one's database. */
export function spawnDashboardProcess(
  databaseUrl: string,
  port: number,
  env: Record<string, string> = {},
): Stoppable {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['apps/dashboard/src/server/main.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      STANDBY_API_ONLY: '1',
      // Nodes sharing a database must share the cookie secret (as the first node's test helper uses).
      STANDBY_AUTH_SECRET: TEST_AUTH_SECRET,
      ...env,
    },
  });
  return stoppable(child);
}

type Stoppable = ChildProcess & { stop(): Promise<void> };

/** Stops the child's whole process group (tsx runs the real Node process as its own child). */
function stoppable(child: ChildProcess): Stoppable {
  return Object.assign(child, {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  });
}
