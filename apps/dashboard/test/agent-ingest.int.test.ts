import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { createPrismaClient, type PrismaClient } from '@standby/db';
import type { THostSummary } from '@standby/protocol';
import { SimulatedSipHost } from '@standby/simulator/host';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const READY_FAST = {
  't-controller': 50,
  'smart-proxy': 100,
  'interaction-proxy': 150,
  'operational-info': 200,
};

describe('dashboard ↔ agent over real sockets and a real PostgreSQL', () => {
  let dashboard: TestDashboard;
  let prisma: PrismaClient;
  let fleetDir: string;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    prisma = createPrismaClient(dashboard.databaseUrl);
    fleetDir = await mkdtemp(path.join(os.tmpdir(), 'standby-fleet-'));
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await dashboard?.dispose();
    await rm(fleetDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  async function health() {
    const response = await fetch(`${dashboard.url}/api/health`);
    return {
      status: response.status,
      body: (await response.json()) as { status: string; database: string; agents: { connected: number } },
    };
  }

  it('reports healthy with no agents before any connects', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', database: 'ok', agents: { connected: 0 } });
  });

  it('stores a real agent’s check with per-component rows and shows it connected, live', async () => {
    const host = await SimulatedSipHost.create(
      fleetDir,
      {
        hostname: 'sip1b.test',
        application: 'SIPS_T1_B',
        pair: 'SIPS_T1',
        mode: 'backup',
        version: '8.1.103.64',
        options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
        componentDelaysMs: READY_FAST,
      },
      { url: dashboard.url, enrollmentToken: await dashboard.enrollmentToken() },
    );
    const browser = io(`${dashboard.url}/live`, {
      transports: ['websocket'],
      extraHeaders: { cookie: await dashboard.signIn('viewer') },
    });
    const deltas: THostSummary[] = [];
    browser.on('fleet:delta', ({ hosts }: { hosts: THostSummary[] }) => deltas.push(...hosts));
    await waitFor(async () => (browser.connected ? true : undefined), 'browser socket');

    await host.start();
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const run = await waitFor(
        () =>
          prisma.checkRun
            .findFirst({ include: { components: true, host: { include: { pair: true } } } })
            .then((r) => r ?? undefined),
        'a stored check run',
      );
      expect(run.status).toBe('RUNNING');
      expect(run.host.application).toBe('SIPS_T1_B');
      expect(run.host.pair?.name).toBe('SIPS_T1');
      expect(run.components.map((c) => c.name).sort()).toEqual([
        'interaction-proxy',
        'operational-info',
        'smart-proxy',
        't-controller',
      ]);
      expect(run.components.every((c) => c.state === 'ready' && (c.readyAfterMs ?? -1) >= 0)).toBe(true);
      expect(run.portState).toBe('passed');

      const { body } = await health();
      expect(body.agents.connected).toBe(1);

      const live = await waitFor(
        async () => deltas.find((h) => h.application === 'SIPS_T1_B' && h.status === 'RUNNING'),
        'a live RUNNING delta',
      );
      expect(live.connected).toBe(true);
    } finally {
      browser.close();
      await agent.stop();
      await host.dispose();
    }
    const disconnected = await waitFor(
      () => prisma.agent.findFirst({ where: { connected: false } }).then((a) => a ?? undefined),
      'the agent marked disconnected',
    );
    expect(disconnected.connected).toBe(false);
  });

  it('stores a replayed result once and refuses malformed or oversized payloads with a named reason', async () => {
    const agentSocket = rawAgentSocket(dashboard.url, await dashboard.agentCredential('raw.test/SIPS_RAW'));
    try {
      const hello = await agentSocket.timeout(5_000).emitWithAck('hello', helloFor('raw.test/SIPS_RAW'));
      expect(hello.ok).toBe(true);

      const runId = '5b0c6f5e-3f55-4a5e-9d5e-0c1f2a3b4c5d';
      const result = {
        runId,
        status: 'SERVICE_UNAVAILABLE',
        applicable: true,
        mode: 'backup',
        checkEnabled: true,
        timeoutSec: 15,
        trigger: 'start',
        // A day ago: within the window the dashboard stores (result-time-window.ts).
        startedAt: new Date(Date.now() - 86_400_000).toISOString(),
        finishedAt: new Date(Date.now() - 86_400_000 + 15_000).toISOString(),
        durationMs: 15_000,
        components: [{ name: 'smart-proxy', state: 'timeout', readyAfterMs: null, detail: 'never answered' }],
        portCheck: {
          state: 'failed',
          reason: 'UDP *:5060 is in use by pid 1 (init)',
          port: 5060,
          address: null,
        },
        findings: [],
        options: { 'backup-init-check': 'true' },
      };
      const first = await agentSocket
        .timeout(5_000)
        .emitWithAck('check:finished', { result, replayed: true });
      const second = await agentSocket
        .timeout(5_000)
        .emitWithAck('check:finished', { result, replayed: true });
      expect(first).toEqual({ ok: true, data: { runId, stored: true } });
      expect(second).toEqual({ ok: true, data: { runId, stored: false } });
      const rows = await prisma.checkRun.findMany({ where: { id: runId }, include: { components: true } });
      expect(rows).toHaveLength(1);
      expect(rows[0]?.late).toBe(true);
      expect(rows[0]?.components).toHaveLength(1);

      const malformed = await agentSocket
        .timeout(5_000)
        .emitWithAck('check:finished', { result: { ...result, runId: 'not-a-uuid' } });
      expect(malformed.ok).toBe(false);
      expect(malformed.error.code).toBe('BAD_REQUEST');
      expect(malformed.error.message).toContain('result.runId');

      const oversized = await agentSocket
        .timeout(5_000)
        .emitWithAck('check:finished', { result: { ...result, padding: 'x'.repeat(100_000) } });
      expect(oversized).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });

      // The connection survives bad payloads and still serves good ones.
      const after = await agentSocket.timeout(5_000).emitWithAck('check:finished', {
        result: { ...result, runId: '6b0c6f5e-3f55-4a5e-9d5e-0c1f2a3b4c5d' },
      });
      expect(after.ok).toBe(true);
    } finally {
      agentSocket.close();
    }
  });
});
