import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { findFreePort } from '@standby/db/free-port';
import { type SimulatedHostSpec, SimulatedSipHost } from '@standby/simulator/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READY_FAST, spawnAgentProcess, spawnDashboardProcess } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

// The verdict through time with real agents: daemons as their own processes, simulated SIP Servers whose
// role lives in a role file, a second dashboard node killed with SIGKILL. Nothing is written by hand.

const LEASE_MS = 3_000;

describe('the verdict through time, with real agents', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard;
  let dir: string;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-verdict-'));
    dashboard = await startTestDashboard({ nodeLeaseMs: LEASE_MS });
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  async function simulatedHost(
    spec: Partial<SimulatedHostSpec> & Pick<SimulatedHostSpec, 'application' | 'mode'>,
  ) {
    const host = await SimulatedSipHost.create(
      dir,
      {
        hostname: `${spec.application.toLowerCase()}.test`,
        version: '8.1.103.64',
        options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
        componentDelaysMs: READY_FAST,
        ...spec,
      },
      { url: dashboard.url, enrollmentToken: await dashboard.enrollmentToken() },
    );
    await host.start();
    cleanups.push(() => host.dispose());
    return host;
  }

  const hostOf = (application: string) =>
    dashboard.prisma.host.findFirst({
      where: { application },
      select: { id: true, verdict: true, verdictCause: true, displayStatus: true, mode: true },
    });

  const verdictOf = async (application: string, verdict: string, cause?: string) => {
    let last: unknown;
    try {
      return await waitFor(
        async () => {
          const host = await hostOf(application);
          last = host;
          return host && host.verdict === verdict && (!cause || host.verdictCause === cause)
            ? host
            : undefined;
        },
        `${application} ${verdict}${cause ? ` (${cause})` : ''}`,
        40_000,
      );
    } catch (error) {
      // Say where it stood: the verdict it had instead.
      throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last)}`);
    }
  };

  it('a switchover both ways: the new backup is checked at once, the old one becomes primary, both recorded', async () => {
    const a = await simulatedHost({ application: 'SWITCH_A', mode: 'primary', pair: 'SWITCH_PAIR' });
    const b = await simulatedHost({ application: 'SWITCH_B', mode: 'backup', pair: 'SWITCH_PAIR' });
    for (const host of [a, b]) {
      const daemon = spawnAgentProcess(host.configPath);
      cleanups.push(() => daemon.stop());
    }
    const backup = await verdictOf('SWITCH_B', 'would-serve');
    const primary = await verdictOf('SWITCH_A', 'primary');

    await a.switchover('backup');
    await b.switchover('primary');
    // The agents read the role files every 2 s; A's role-change check passes (its components are up).
    await verdictOf('SWITCH_A', 'would-serve');
    await verdictOf('SWITCH_B', 'primary');
    const runs = await dashboard.prisma.checkRun.findMany({
      where: { hostId: primary.id, trigger: 'role-change', mode: 'backup' },
    });
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((run) => run.status === 'RUNNING')).toBe(true);

    // And back: B is a backup again, verified by its own role-change check.
    await a.switchover('primary');
    await b.switchover('backup');
    await verdictOf('SWITCH_B', 'would-serve');
    await verdictOf('SWITCH_A', 'primary');

    const events = await dashboard.prisma.hostEvent.findMany({
      where: { hostId: { in: [primary.id, backup.id] }, kind: 'switchover' },
      orderBy: { id: 'asc' },
    });
    expect(events.filter((e) => e.hostId === primary.id).map((e) => e.after)).toEqual([
      { mode: 'backup' },
      { mode: 'primary' },
    ]);
    expect(events.filter((e) => e.hostId === backup.id).map((e) => e.after)).toEqual([
      { mode: 'primary' },
      { mode: 'backup' },
    ]);
    const audited = await dashboard.prisma.auditEvent.count({
      where: { action: 'host.switchover', targetId: { in: [primary.id, backup.id] } },
    });
    expect(audited).toBe(4);
  });

  it('an agent that starts before its SIP Server (a host boot) verifies that start: would serve', async () => {
    const host = await SimulatedSipHost.create(
      dir,
      {
        hostname: 'boot_b.test',
        application: 'BOOT_B',
        mode: 'backup',
        version: '8.1.103.64',
        options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
        componentDelaysMs: { ...READY_FAST, 't-controller': 1_500, 'operational-info': 2_000 },
      },
      { url: dashboard.url, enrollmentToken: await dashboard.enrollmentToken() },
    );
    cleanups.push(() => host.dispose());
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    cleanups.push(() => agent.stop());
    // The agent's own start check is running when the server's listener appears: that check is the
    // start's check, and the start is not dated after it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await host.start();
    const booted = await verdictOf('BOOT_B', 'would-serve', 'check-passed');
    const stored = await dashboard.prisma.host.findUniqueOrThrow({ where: { id: booted.id } });
    expect(stored.serverStartedAt).not.toBeNull();
  });

  it('a backup whose component is slower than the timeout would not serve, and its late readiness is recorded', async () => {
    const host = await simulatedHost({
      application: 'SLOW_B',
      mode: 'backup',
      // Ready at 17 s against a 15 s timeout.
      componentDelaysMs: { ...READY_FAST, 'operational-info': 17_000 },
    });
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    cleanups.push(() => agent.stop());
    const slow = await verdictOf('SLOW_B', 'would-not-serve', 'check-failed');
    const component = await waitFor(
      () =>
        dashboard.prisma.componentResult
          .findFirst({
            where: { run: { hostId: slow.id }, name: 'operational-info', readyAfterMs: { not: null } },
          })
          .then((row) => row ?? undefined),
      'late readiness recorded',
      30_000,
    );
    expect(component.state).toBe('timeout');
    expect(component.readyAfterMs).toBeGreaterThan(15_000);
    // The one finding that says so, with a suggested timeout above the observed startup.
    const stored = await dashboard.prisma.host.findUniqueOrThrow({ where: { id: slow.id } });
    expect(stored.verdictReason).toContain('Operational Information thread');
    const findings = stored.lastFindings as { code: string; suggestedValue?: string }[];
    const suggestion = findings.find((f) => f.code === 'timeout-below-startup');
    expect(Number(suggestion?.suggestedValue)).toBeGreaterThan(15);
  });

  it('the agents of a dashboard node killed with SIGKILL are marked disconnected by the survivor: unknown', async () => {
    const port = await findFreePort();
    // A short lease, so that its death is noticed fast.
    const second = spawnDashboardProcess(dashboard.databaseUrl, port, {
      STANDBY_NODE_LEASE_SEC: String(LEASE_MS / 1000),
    });
    cleanups.push(() => killGroup(second, 'SIGTERM'));
    const secondUrl = `http://127.0.0.1:${port}`;
    await waitFor(
      () => fetch(`${secondUrl}/api/health`).then((r) => (r.ok ? true : undefined)),
      'second node up',
    );
    const host = await SimulatedSipHost.create(
      dir,
      {
        hostname: 'orphan_b.test',
        application: 'ORPHAN_B',
        mode: 'backup',
        version: '8.1.103.64',
        options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
        componentDelaysMs: READY_FAST,
      },
      { url: secondUrl, enrollmentToken: await dashboard.enrollmentToken() },
    );
    await host.start();
    cleanups.push(() => host.dispose());
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    cleanups.push(() => agent.stop());
    const served = await verdictOf('ORPHAN_B', 'would-serve');

    // No clean close: the dead node cannot mark its agent disconnected, so its lease must.
    await killGroup(second, 'SIGKILL');
    const killedAt = Date.now();
    const orphan = await verdictOf('ORPHAN_B', 'unknown', 'agent-disconnected');
    expect(orphan.id).toBe(served.id);
    expect(orphan.displayStatus).toBe('UNKNOWN');
    // Within the lease and a few renewals, not at some far-off sweep.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS * 4);
    const agentRow = await dashboard.prisma.agent.findUniqueOrThrow({ where: { hostId: served.id } });
    expect(agentRow.connected).toBe(false);
  });
});

async function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, signal);
  await exited;
}
