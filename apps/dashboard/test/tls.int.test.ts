import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { createDashboardFetch } from '@standby/agent/link';
import type { AppRouter } from '@standby/api';
import { createUser } from '@standby/api';
import { wireTransformer } from '@standby/protocol';
import type { SimulatedSipHost } from '@standby/simulator/host';
import { createTRPCClient, httpLink } from '@trpc/client';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard } from '../src/server/start-dashboard';
import { TlsSetupError } from '../src/server/tls';
import { enrolledHost } from './fixtures';
import { TEST_AUTH_SECRET } from './test-auth-secret';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from './test-certificates';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const UNTRUSTED = /certificate of https:\/\/localhost:\d+ is not trusted \(.+\): set dashboard\.caFile/;

describe('HTTPS on the dashboard, trusted by the agent through dashboard.caFile', {
  timeout: 150_000,
}, () => {
  let dir: string;
  let ca: TestCa;
  let otherCa: TestCa;
  let server: TestLeaf;
  let dashboard: TestDashboard;
  let trustedFetch: typeof fetch;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-tls-'));
    ca = await makeCa(dir, 'test-ca');
    otherCa = await makeCa(dir, 'other-ca');
    server = await makeLeaf(dir, 'dashboard', ca, 'server');
    dashboard = await startTestDashboard({ tls: { certFile: server.certFile, keyFile: server.keyFile } });
    trustedFetch = createDashboardFetch(dashboard.url, { ca: await readFile(ca.certFile, 'utf8') });
  });
  afterAll(async () => {
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  /** Signs in over HTTPS with the test CA trusted; returns the cookie header and the Set-Cookie lines. */
  const signIn = async (role: 'operator' | 'viewer') => {
    const email = `${role}-${Date.now()}@tls.test`;
    const password = 'correct horse battery';
    await createUser(dashboard.prisma, { email, name: role, password, role });
    const response = await trustedFetch(`${dashboard.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: dashboard.url },
      body: JSON.stringify({ email, password }),
    });
    expect(response.status).toBe(200);
    const setCookies = response.headers.getSetCookie();
    return { cookie: setCookies.map((c) => c.split(';')[0]).join('; '), setCookies };
  };

  /** The simulated host's agent config with extra `dashboard:` keys, written beside it (paths stay relative). */
  const configWith = async (host: SimulatedSipHost, name: string, extra: Record<string, string>) => {
    const text = await readFile(host.configPath, 'utf8');
    const withKeys = text.replace(/^( +)tokenFile: .*$/m, (line, indent: string) =>
      [line, ...Object.entries(extra).map(([key, value]) => `${indent}${key}: ${value}`)].join('\n'),
    );
    expect(withKeys).not.toBe(text);
    const file = path.join(path.dirname(host.configPath), name);
    await writeFile(file, withKeys);
    return file;
  };

  const runAgent = async (configFile: string) => {
    const lines: string[] = [];
    const agent = startAgent({ config: await loadAgentConfig(configFile), log: (line) => lines.push(line) });
    return { agent, lines };
  };

  it('serves health, sign-in with a Secure cookie, tRPC and /live on the one HTTPS port', async () => {
    expect(dashboard.url).toBe(`https://localhost:${dashboard.port}`);
    expect((await trustedFetch(`${dashboard.url}/api/health`)).status).toBe(200);
    // Really TLS: Node's own roots do not know the test CA, and plain HTTP gets no answer.
    await expect(fetch(`${dashboard.url}/api/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${dashboard.port}/api/health`)).rejects.toThrow();

    const { cookie, setCookies } = await signIn('viewer');
    const session = setCookies.find((c) => c.includes('session_token='));
    expect(session).toMatch(/^__Secure-better-auth\.session_token=/);
    expect(session).toMatch(/;\s*Secure/i);

    const viewer = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: `${dashboard.url}/api/trpc`,
          headers: { cookie },
          transformer: wireTransformer,
          fetch: trustedFetch,
        }),
      ],
    });
    const me = await viewer.session.me.query();
    expect(me.user?.role).toBe('viewer');

    const live = io(`${dashboard.url}/live`, {
      transports: ['websocket'],
      ca: await readFile(ca.certFile, 'utf8'),
      extraHeaders: { cookie, origin: dashboard.url },
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        live.once('connect', resolve);
        live.once('connect_error', reject);
      });
      expect(live.connected).toBe(true);
    } finally {
      live.close();
    }
  });

  it('refuses the dashboard without caFile or with another CA, in one clear line, and stores nothing', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_TLS_REFUSED');
    try {
      const token = (await readFile(path.join(path.dirname(host.configPath), 'agent.token'), 'utf8')).trim();
      expect(token).toMatch(/^sbe_/);

      const withoutCa = await runAgent(host.configPath);
      try {
        await waitFor(async () => withoutCa.lines.find((l) => UNTRUSTED.test(l)), 'the refusal logged');
        // A retry comes 5 s later; the streak keeps it to the one line.
        await new Promise((resolve) => setTimeout(resolve, 6_000));
      } finally {
        await withoutCa.agent.stop();
      }
      const refusals = withoutCa.lines.filter((l) => l.includes('is not trusted'));
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatch(
        /^enrollment with the dashboard failed: certificate of https:\/\/localhost:\d+ is not trusted \(unable to verify the first certificate\): set dashboard\.caFile to the CA that signed it; retrying every 5 s$/,
      );
      expect(withoutCa.lines.join('\n')).not.toMatch(/\n\s+at /);

      await copyFile(otherCa.certFile, path.join(path.dirname(host.configPath), 'other-ca.pem'));
      const wrongCa = await runAgent(
        await configWith(host, 'agent-wrong-ca.yaml', { caFile: 'other-ca.pem' }),
      );
      try {
        await waitFor(
          async () => wrongCa.lines.find((l) => UNTRUSTED.test(l)),
          'the refusal with a wrong CA',
        );
      } finally {
        await wrongCa.agent.stop();
      }

      expect(await dashboard.prisma.host.count({ where: { application: 'SIPS_TLS_REFUSED' } })).toBe(0);
      // The token was never spent: the agent never reached the dashboard's procedures.
      expect((await readFile(path.join(path.dirname(host.configPath), 'agent.token'), 'utf8')).trim()).toBe(
        token,
      );
    } finally {
      await host.dispose();
    }
  });

  it('enrolls, says hello, reports and takes an option change with caFile; refused on the socket without it', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_TLS_OK');
    const hostDir = path.dirname(host.configPath);
    await copyFile(ca.certFile, path.join(hostDir, 'dashboard-ca.pem'));
    const withCaConfig = await configWith(host, 'agent-ca.yaml', { caFile: 'dashboard-ca.pem' });
    let running = await runAgent(withCaConfig);
    try {
      const agentRow = await waitFor(
        () =>
          dashboard.prisma.agent
            .findFirst({ where: { connected: true, host: { application: 'SIPS_TLS_OK' } } })
            .then((a) => a ?? undefined),
        'the agent enrolled and connected',
      );
      await waitFor(
        async () => running.lines.find((l) => l.startsWith('connected to dashboard as host')),
        'the hello acknowledged',
      );
      const hostId = agentRow.hostId;
      const run = await waitFor(
        () => dashboard.prisma.checkRun.findFirst({ where: { hostId } }).then((r) => r ?? undefined),
        'a check result stored',
      );
      expect(run.trigger).toBe('agent-start');

      const { cookie } = await signIn('operator');
      const operator = createTRPCClient<AppRouter>({
        links: [
          httpLink({
            url: `${dashboard.url}/api/trpc`,
            headers: { cookie },
            transformer: wireTransformer,
            fetch: trustedFetch,
          }),
        ],
      });
      const { commandIds } = await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
        values: { 'backup-sip-port-check': 'false' },
      });
      // Delivered over the SSE command stream, applied on disk, acked over tRPC: all through HTTPS.
      // (The change itself may already be "effective": a start the agent reports next ends the wait.)
      await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { id: BigInt(commandIds[0]!), state: 'applied' } })
            .then((c) => c ?? undefined),
        'the option change applied by the agent',
        // Generous: a loaded machine; latency is measured elsewhere (command-stream-wakeup).
        45_000,
      ).catch(async (error: Error) => {
        // What the agent and the dashboard saw, for whoever reads a failure.
        const command = await dashboard.prisma.agentCommand.findFirst({
          where: { id: BigInt(commandIds[0]!) },
        });
        throw new Error(
          `${error.message} (command ${command?.state}, ${command?.stateReason ?? '-'}); agent log:\n${running.lines.join('\n')}`,
        );
      });
      expect(
        await dashboard.prisma.optionChange.count({
          where: { hostId, state: { in: ['pending-restart', 'effective'] } },
        }),
      ).toBe(1);
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-sip-port-check = false$/m);
      await running.agent.stop();

      // Enrolled now (its credential in the token file), restarted without caFile: the socket is refused.
      const runsBefore = await dashboard.prisma.checkRun.count({ where: { hostId } });
      running = await runAgent(host.configPath);
      await waitFor(
        async () =>
          running.lines.find((l) => /^dashboard unreachable: certificate of .* is not trusted/.test(l)),
        'the socket refusal logged',
      );
      const unsent = await waitFor(async () => running.agent.lastResult, 'the check at agent start');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await dashboard.prisma.checkRun.count({ where: { hostId } })).toBe(runsBefore);
      expect(await dashboard.prisma.checkRun.findUnique({ where: { id: unsent.runId } })).toBeNull();
      expect(running.lines.filter((l) => l.includes('is not trusted'))).toHaveLength(1);
    } finally {
      await running.agent.stop();
      await host.dispose();
    }
  });

  it('a node asking for client certificates takes the agent with one and refuses it without', async () => {
    const clientCa = await makeCa(dir, 'client-ca');
    const clientCert = await makeLeaf(dir, 'agent-client', clientCa, 'client');
    const mtls = await startDashboard({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: dashboard.databaseUrl,
      embeddedDataDir: path.join(dir, 'unused-pgdata'),
      serveUi: false,
      // Nodes sharing a database share the cookie secret.
      authSecret: TEST_AUTH_SECRET,
      tls: { certFile: server.certFile, keyFile: server.keyFile, clientCaFile: clientCa.certFile },
      log: () => {},
    });
    const host = await enrolledHost(
      dir,
      { url: mtls.url, enrollmentToken: () => dashboard.enrollmentToken() },
      'SIPS_MTLS',
    );
    const hostDir = path.dirname(host.configPath);
    try {
      await copyFile(ca.certFile, path.join(hostDir, 'dashboard-ca.pem'));
      await copyFile(clientCert.certFile, path.join(hostDir, 'client.pem'));
      await copyFile(clientCert.keyFile, path.join(hostDir, 'client.key'));

      const noCert = await runAgent(
        await configWith(host, 'agent-no-cert.yaml', { caFile: 'dashboard-ca.pem' }),
      );
      try {
        await waitFor(
          async () =>
            noCert.lines.find((l) =>
              /https:\/\/localhost:\d+ refused this agent's client certificate/.test(l),
            ),
          'the missing client certificate reported',
        );
      } finally {
        await noCert.agent.stop();
      }
      expect(await dashboard.prisma.host.count({ where: { application: 'SIPS_MTLS' } })).toBe(0);

      const withCert = await runAgent(
        await configWith(host, 'agent-cert.yaml', {
          caFile: 'dashboard-ca.pem',
          certFile: 'client.pem',
          keyFile: 'client.key',
        }),
      );
      try {
        await waitFor(
          () =>
            dashboard.prisma.agent
              .findFirst({ where: { connected: true, host: { application: 'SIPS_MTLS' } } })
              .then((a) => a ?? undefined),
          'the agent with a client certificate connected',
        );
      } finally {
        await withCert.agent.stop();
      }
    } finally {
      await host.dispose();
      await mtls.close();
    }
  });

  it('does not start with a missing key file, and says which variable in one line', async () => {
    const missing = path.join(dir, 'no-such.key');
    const started = startDashboard({
      port: 0,
      embeddedDataDir: path.join(dir, 'never-pgdata'),
      tls: { certFile: server.certFile, keyFile: missing },
      log: () => {},
    });
    await expect(started).rejects.toBeInstanceOf(TlsSetupError);
    await expect(started).rejects.toThrow(`STANDBY_TLS_KEY (${missing}): cannot read it (ENOENT)`);

    // The process itself: one line on stderr, exit 1, no stack trace.
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['apps/dashboard/src/server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        STANDBY_API_ONLY: '1',
        STANDBY_DATA_DIR: path.join(dir, 'never-data'),
        STANDBY_TLS_CERT: server.certFile,
        STANDBY_TLS_KEY: missing,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `[dashboard] cannot start: STANDBY_TLS_KEY (${missing}): cannot read it (ENOENT)`,
    );
  });
});
