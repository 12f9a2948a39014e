import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AgentInstance, startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { findFreePort } from '@standby/db/free-port';
import { SimulatedSipHost } from '@standby/simulator/host';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserClient, READY_FAST, spawnDashboardProcess } from './fixtures';
import { restRecorder } from './rest-client';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const PORT_CHECK = 'backup-sip-port-check';

interface FleetHost {
  app: string;
  sim: SimulatedSipHost;
  agent: AgentInstance;
  hostId: string;
}

/** A simulated host (its own pair, so the rollout order is by pair name) with a real agent running. */
async function startFleetHost(
  dir: string,
  dashboard: TestDashboard,
  application: string,
): Promise<FleetHost> {
  const sim = await SimulatedSipHost.create(
    dir,
    {
      hostname: `${application.toLowerCase()}.test`,
      application,
      pair: `PAIR_${application}`,
      mode: 'backup',
      version: '8.1.103.64',
      options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15', [PORT_CHECK]: 'true' },
      componentDelaysMs: { ...READY_FAST },
    },
    { url: dashboard.url, enrollmentToken: await dashboard.enrollmentToken() },
  );
  await sim.start();
  const agent = startAgent({ config: await loadAgentConfig(sim.configPath), log: () => {} });
  const hostId = await waitFor(
    () =>
      dashboard.prisma.host
        .findFirst({ where: { application, agent: { connected: true } } })
        .then((host) => host?.id),
    `${application} connected`,
  );
  // The check at the agent's start is behind us: the next start check is the restart's.
  await waitFor(
    () => dashboard.prisma.checkRun.findFirst({ where: { hostId } }).then((run) => run ?? undefined),
    `${application}'s first check stored`,
  );
  return { app: application, sim, agent, hostId };
}

/** The SIP Server restarts (the operator's step after a change that takes effect at restart). */
async function restartSipServer(host: FleetHost): Promise<void> {
  const check = host.agent.runCheck('start');
  await host.sim.restart();
  await check;
}

const portCheckIn = async (host: FleetHost) =>
  /^backup-sip-port-check = (\S+)$/m.exec(await readFile(host.sim.optionsPath, 'utf8'))?.[1];

describe('staged rollouts to real agents', { timeout: 180_000 }, () => {
  let dir: string;
  const hosts: FleetHost[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-rollouts-'));
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) {
      await host.agent.stop();
      await host.sim.dispose();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('halts at the canary when a host fails after its restart, sends nothing further, and the revert restores every applied host', async () => {
    const dashboard = await startTestDashboard();
    try {
      const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
      for (const app of ['HALT_A', 'HALT_B', 'HALT_C', 'HALT_D'])
        hosts.push(await startFleetHost(path.join(dir, 'halt'), dashboard, app));
      const [a, b, c, d] = hosts as [FleetHost, FleetHost, FleetHost, FleetHost];
      // B's smart proxy never becomes ready after its next start.
      b.sim.spec.componentDelaysMs['smart-proxy'] = null;

      const created = await operator.rollouts.create.mutate({
        target: { kind: 'hosts', hostIds: hosts.map((host) => host.hostId) },
        values: { [PORT_CHECK]: 'false' },
        reason: 'port check off, staged',
        plan: { canary: { unit: 'hosts', value: 2 }, next: { unit: 'hosts', value: 1 }, waveTimeoutSec: 600 },
      });
      expect(created).toMatchObject({ hosts: 4, waves: 3, unchanged: 0 });
      const { rolloutId } = created;

      // The canary (A, B: first by pair name) is sent and applied; C and D get nothing yet.
      const canary = await waitFor(async () => {
        const commands = await dashboard.prisma.agentCommand.findMany({ where: { rolloutId, wave: 0 } });
        return commands.length === 2 && commands.every((command) => command.state === 'applied')
          ? commands
          : undefined;
      }, 'the canary applied');
      expect(canary.map((command) => command.hostId).sort()).toEqual([a.hostId, b.hostId].sort());
      expect(await portCheckIn(a)).toBe('false');
      expect(await portCheckIn(b)).toBe('false');
      // Applied is not passed: the wave waits for the restart and the check after it.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await operator.rollouts.get.query({ rolloutId })).state).toBe('running');

      await restartSipServer(a);
      await restartSipServer(b); // waits for the 15 s timeout: SERVICE_UNAVAILABLE

      const halted = await waitFor(
        () => operator.rollouts.get.query({ rolloutId }).then((r) => (r.state === 'halted' ? r : undefined)),
        'the rollout halted',
        30_000,
      );
      expect(halted.stateReason).toMatch(/canary wave halted: 1 failed the check after the restart/i);
      expect(halted.waveList.map((wave) => wave.state)).toEqual(['halted', 'planned', 'planned']);
      expect(halted.waveList[0]?.tally).toMatchObject({ hosts: 2, passed: 1, failing: 1 });
      expect(halted.hosts[0]).toMatchObject({ hostId: b.hostId, state: 'failing' });

      // Nothing further is sent, however many worker passes go by.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await dashboard.prisma.agentCommand.count({ where: { rolloutId } })).toBe(2);
      expect(
        await dashboard.prisma.agentCommand.count({ where: { hostId: { in: [c.hostId, d.hostId] } } }),
      ).toBe(0);
      expect(await portCheckIn(c)).toBe('true');

      const reverted = await operator.rollouts.revert.mutate({ rolloutId, reason: 'canary failed' });
      expect(reverted).toMatchObject({ state: 'reverted', hosts: 2 });
      await waitFor(
        async () =>
          (await portCheckIn(a)) === 'true' && (await portCheckIn(b)) === 'true' ? true : undefined,
        'both canary hosts back to their previous value',
      );
      expect(await portCheckIn(c)).toBe('true');
      expect(await portCheckIn(d)).toBe('true');
      const after = await operator.rollouts.get.query({ rolloutId });
      expect(after.state).toBe('reverted');
      expect(after.waveList.map((wave) => wave.state)).toEqual(['halted', 'skipped', 'skipped']);
      // The revert's commands are ordinary changes, not a wave: the tally of the canary is unchanged.
      expect(after.waveList[0]?.tally).toMatchObject({ passed: 1, failing: 1 });

      // Everything audited, with before and after.
      const audit = await dashboard.prisma.auditEvent.findMany({
        where: { targetId: rolloutId },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((event) => event.action)).toEqual([
        'rollout.create',
        'rollout.wave-sent',
        'rollout.halt',
        'rollout.revert',
      ]);
      expect(audit[2]?.before).toMatchObject({ state: 'running' });
      expect(audit[2]?.after).toMatchObject({ state: 'halted', tally: { failing: 1 } });
      expect(audit[3]?.before).toMatchObject({ state: 'halted' });
      expect(audit[3]?.after).toMatchObject({ state: 'reverted' });
      const revertChanges = await dashboard.prisma.auditEvent.findMany({
        where: { action: 'option.change', targetId: { in: [a.hostId, b.hostId] } },
        orderBy: { id: 'asc' },
      });
      expect(
        revertChanges.map((event) => [event.before, (event.after as Record<string, unknown>)[PORT_CHECK]]),
      ).toEqual([
        [{ [PORT_CHECK]: 'true' }, 'false'],
        [{ [PORT_CHECK]: 'true' }, 'false'],
        [{ [PORT_CHECK]: 'false' }, 'true'],
        [{ [PORT_CHECK]: 'false' }, 'true'],
      ]);

      // A reverted rollout takes no more actions.
      await expect(operator.rollouts.continue.mutate({ rolloutId })).rejects.toThrow(/only a halted rollout/);
    } finally {
      await dashboard.dispose();
    }
  });

  it('goes on after the dashboard restarts on the same database, and completes', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'standby-rollout-restart-'));
    let dashboard = await startTestDashboard({ dir: dataDir, keepDir: true });
    const port = dashboard.port;
    try {
      const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
      for (const app of ['GO_A', 'GO_B'])
        hosts.push(await startFleetHost(path.join(dir, 'go'), dashboard, app));
      const [a, b] = hosts as [FleetHost, FleetHost];
      const { rolloutId } = await operator.rollouts.create.mutate({
        target: { kind: 'hosts', hostIds: [a.hostId, b.hostId] },
        values: { [PORT_CHECK]: 'false' },
        plan: { canary: { unit: 'percent', value: 50 }, next: { unit: 'percent', value: 50 } },
      });
      await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { rolloutId, wave: 0, state: 'applied' } })
            .then((command) => command ?? undefined),
        'the canary applied',
      );

      // The dashboard stops mid-rollout; another starts on the same database and port.
      await dashboard.dispose();
      dashboard = await startTestDashboard({ dir: dataDir, keepDir: true, port });
      const again = browserClient(dashboard.url, await dashboard.signIn('operator'));
      await waitFor(
        () =>
          dashboard.prisma.agent
            .count({ where: { hostId: { in: [a.hostId, b.hostId] }, connected: true } })
            .then((connected) => (connected === 2 ? true : undefined)),
        'agents back on the new dashboard',
        // Their reconnect backs off while the dashboard is down (up to 15 s between tries, more under load).
        90_000,
      );
      await restartSipServer(a);

      // The new node judges the canary and sends the second wave.
      await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { rolloutId, wave: 1, hostId: b.hostId, state: 'applied' } })
            .then((command) => command ?? undefined),
        'the second wave applied',
      );
      expect(await portCheckIn(b)).toBe('false');
      await restartSipServer(b);
      const done = await waitFor(
        () => again.rollouts.get.query({ rolloutId }).then((r) => (r.state === 'completed' ? r : undefined)),
        'the rollout completed',
      );
      expect(done.waveList.map((wave) => [wave.state, wave.tally?.passed])).toEqual([
        ['passed', 1],
        ['passed', 1],
      ]);
      const listed = await again.rollouts.list.query({});
      expect(listed.find((rollout) => rollout.id === rolloutId)).toMatchObject({
        state: 'completed',
        totalHosts: 2,
        waves: 2,
      });
    } finally {
      await dashboard.dispose();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });

  it('two nodes on one database share the work: each wave is sent once', async () => {
    const dashboard = await startTestDashboard();
    const secondPort = await findFreePort();
    const second = spawnDashboardProcess(dashboard.databaseUrl, secondPort);
    try {
      await waitFor(
        () => fetch(`http://127.0.0.1:${secondPort}/api/health`).then((r) => (r.ok ? true : undefined)),
        'second node up',
        60_000,
      );
      const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
      for (const app of ['TWO_A', 'TWO_B', 'TWO_C'])
        hosts.push(await startFleetHost(path.join(dir, 'two'), dashboard, app));
      const { rolloutId } = await operator.rollouts.create.mutate({
        target: { kind: 'hosts', hostIds: hosts.map((host) => host.hostId) },
        values: { [PORT_CHECK]: 'false' },
        plan: { canary: { unit: 'hosts', value: 1 }, next: { unit: 'hosts', value: 1 } },
      });
      for (const [wave, host] of hosts.entries()) {
        await waitFor(
          () =>
            dashboard.prisma.agentCommand
              .findFirst({ where: { rolloutId, wave, hostId: host.hostId, state: 'applied' } })
              .then((command) => command ?? undefined),
          `wave ${wave + 1} applied`,
        );
        await restartSipServer(host);
      }
      await waitFor(
        () =>
          operator.rollouts.get.query({ rolloutId }).then((r) => (r.state === 'completed' ? r : undefined)),
        'the rollout completed',
      );
      // Both workers polled every second throughout: still one command per host, one send per wave.
      const commands = await dashboard.prisma.agentCommand.findMany({ where: { rolloutId } });
      expect(commands.map((command) => [command.wave, command.hostId])).toEqual(
        hosts.map((host, wave) => [wave, host.hostId]),
      );
      expect(
        await dashboard.prisma.auditEvent.count({
          where: { targetId: rolloutId, action: 'rollout.wave-sent' },
        }),
      ).toBe(3);
    } finally {
      await second.stop();
      await dashboard.dispose();
    }
  });

  it('sends no further wave once one of its changes was reverted on its own', async () => {
    const dashboard = await startTestDashboard();
    try {
      const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
      for (const app of ['ONE_A', 'ONE_B'])
        hosts.push(await startFleetHost(path.join(dir, 'one'), dashboard, app));
      const [a, b] = hosts as [FleetHost, FleetHost];
      const { rolloutId } = await operator.rollouts.create.mutate({
        target: { kind: 'hosts', hostIds: [a.hostId, b.hostId] },
        values: { [PORT_CHECK]: 'false' },
        plan: { canary: { unit: 'hosts', value: 1 }, next: { unit: 'hosts', value: 1 } },
      });
      const command = await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { rolloutId, wave: 0, state: 'applied' } })
            .then((found) => found ?? undefined),
        'the canary applied',
      );
      await operator.commands.revert.mutate({ commandIds: [command.id.toString()] });
      await waitFor(
        async () => ((await portCheckIn(a)) === 'true' ? true : undefined),
        'the canary reverted',
      );
      await restartSipServer(a);

      const halted = await waitFor(
        () => operator.rollouts.get.query({ rolloutId }).then((r) => (r.state === 'halted' ? r : undefined)),
        'the rollout halted',
      );
      expect(halted.stateReason).toBe('Some of its changes were reverted: wave 2 not sent.');
      expect(await dashboard.prisma.agentCommand.count({ where: { hostId: b.hostId } })).toBe(0);
      expect(await portCheckIn(b)).toBe('true');
    } finally {
      await dashboard.dispose();
    }
  });

  it('refuses bad input naming the field, and viewers may not start a rollout', async () => {
    const dashboard = await startTestDashboard();
    try {
      const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
      const viewer = browserClient(dashboard.url, await dashboard.signIn('viewer'));
      hosts.push(await startFleetHost(path.join(dir, 'refuse'), dashboard, 'REFUSE_A'));
      const target = { kind: 'hosts' as const, hostIds: [hosts[0]!.hostId] };
      const plan = {
        canary: { unit: 'hosts' as const, value: 1 },
        next: { unit: 'hosts' as const, value: 1 },
      };
      await expect(
        operator.rollouts.create.mutate({
          target,
          values: { [PORT_CHECK]: 'false' },
          plan: { ...plan, canary: { unit: 'percent', value: 0 } },
        }),
      ).rejects.toThrow(/plan\.canary\.value|too small|>=1/i);
      await expect(
        operator.rollouts.create.mutate({ target, values: { 'backup-init-check-timeout': '30' }, plan }),
      ).rejects.toThrow(/restricted: confirm the change and give a reason/);
      await expect(
        operator.rollouts.create.mutate({ target, values: { [PORT_CHECK]: 'true' }, plan }),
      ).rejects.toThrow(/already has these values/);
      await expect(
        viewer.rollouts.create.mutate({ target, values: { [PORT_CHECK]: 'false' }, plan }),
      ).rejects.toThrow();
      await expect(
        operator.rollouts.get.query({ rolloutId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toThrow(/No such rollout/);
      // The same over REST with an API token: a clear 400 naming the field, no internals.
      const rest = restRecorder();
      const { token } = await operator.tokens.create.mutate({
        name: 'rollouts',
        scope: 'operate',
        expiresInDays: 1,
      });
      const refused = await rest.call<{ message: string }>(`${dashboard.url}/api/v1/rollouts`, {
        method: 'POST',
        token,
        body: { target, values: { [PORT_CHECK]: 'false' }, plan: { ...plan, waveTimeoutSec: 1 } },
      });
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/waveTimeoutSec/);
      const listed = await rest.call<unknown[]>(`${dashboard.url}/api/v1/rollouts`, { token });
      expect(listed).toMatchObject({ status: 200, json: [] });
      const document = await rest.call<{ paths: Record<string, Record<string, { operationId?: string }>> }>(
        `${dashboard.url}/api/openapi.json`,
      );
      const operations = Object.values(document.json.paths).flatMap((item) =>
        Object.values(item).map((op) => op.operationId),
      );
      expect(operations).toEqual(
        expect.arrayContaining([
          'createRollout',
          'getRollout',
          'haltRollout',
          'continueRollout',
          'revertRollout',
        ]),
      );
      rest.expectNoInternals();

      expect(await dashboard.prisma.rollout.count()).toBe(0);
      expect(await dashboard.prisma.agentCommand.count()).toBe(0);
    } finally {
      await dashboard.dispose();
    }
  });
});
