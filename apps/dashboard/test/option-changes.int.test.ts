import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { findFreePort } from '@standby/db/free-port';
import type { THostSummary } from '@standby/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient, enrolledHost, spawnAgentProcess, spawnDashboardProcess } from './fixtures';
import { connectedHostIdOf, startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const TIMEOUT = 'backup-init-check-timeout';

describe('remote option changes through tRPC, delivered to real agents', { timeout: 90_000 }, () => {
  let dashboard: TestDashboard;
  let dir: string;
  let operatorCookie: string;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-changes-'));
    operatorCookie = await dashboard.signIn('operator');
  });
  afterAll(async () => {
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  const hostIdOf = (application: string) => connectedHostIdOf(dashboard, application);

  it('applies a change on disk, shows pending restart, and ends it when the SIP Server starts again', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_LIVE_B');
    let agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const hostId = await hostIdOf('SIPS_LIVE_B');
      const operator = browserClient(dashboard.url, operatorCookie);
      const { commandIds } = await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
        values: { 'backup-sip-port-check': 'false' },
      });
      expect(commandIds).toHaveLength(1);

      const change = await waitFor(
        () =>
          dashboard.prisma.optionChange
            .findFirst({ where: { hostId, state: 'pending-restart' } })
            .then((c) => c ?? undefined),
        'the change applied',
      );
      expect(change).toMatchObject({ option: 'backup-sip-port-check', newValue: 'false' });
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-sip-port-check = false$/m);
      // Comments and other sections survive the rewrite.
      expect(await readFile(host.optionsPath, 'utf8')).toContain('[log]');
      const pending = await dashboard.prisma.host.findUniqueOrThrow({ where: { id: hostId } });
      expect(pending.pendingRestart).toBe(true);
      expect((pending.configuredOptions as Record<string, string>)['backup-sip-port-check']).toBe('false');

      // The agent itself restarting is not a SIP Server restart: still pending.
      await agent.stop();
      agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
      const restarted = agent;
      await host.restart(); // lets the new agent's own start check finish at once
      const agentStart = await waitFor(async () => {
        const result = restarted.lastResult;
        if (result?.trigger !== 'agent-start') return undefined;
        return (await dashboard.prisma.checkRun.findUnique({ where: { id: result.runId } })) ?? undefined;
      }, 'the check at the agent restart, stored');
      expect(agentStart.trigger).toBe('agent-start');
      expect((await dashboard.prisma.host.findUniqueOrThrow({ where: { id: hostId } })).pendingRestart).toBe(
        true,
      );

      // The SIP Server restarts: its check at start ends "pending restart".
      const check = agent.runCheck('start');
      await host.restart();
      expect((await check).status).toBe('RUNNING');
      await waitFor(
        () =>
          dashboard.prisma.host
            .findFirst({ where: { id: hostId, pendingRestart: false } })
            .then((h) => h ?? undefined),
        'pending restart cleared',
      );
      const effective = await dashboard.prisma.optionChange.findUniqueOrThrow({ where: { id: change.id } });
      expect(effective.state).toBe('effective');
    } finally {
      await agent.stop();
      await host.dispose();
    }
  });

  it('delivers a change made while the agent process is down exactly once when it returns', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_OFF_B');
    let daemon = spawnAgentProcess(host.configPath);
    try {
      const hostId = await hostIdOf('SIPS_OFF_B');
      await daemon.stop();
      await waitFor(
        () =>
          dashboard.prisma.agent
            .findFirst({ where: { hostId, connected: false } })
            .then((a) => a ?? undefined),
        'agent offline',
      );

      const operator = browserClient(dashboard.url, operatorCookie);
      await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
        values: { [TIMEOUT]: '40' },
        confirmRestricted: true,
        reason: 'components start slowly on this host',
      });
      const queued = await dashboard.prisma.agentCommand.findFirstOrThrow({ where: { hostId } });
      expect(queued.state).toBe('pending');
      // Changing another option while it waits compares with the queued value, not the stale file:
      // setting the timeout back to what is queued is "unchanged"; port check false is new.
      const second = await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
        values: { [TIMEOUT]: '40', 'backup-sip-port-check': 'false' },
        confirmRestricted: true,
        reason: 'same timeout, port check off',
      });
      const secondChanges = await dashboard.prisma.optionChange.findMany({
        where: { commandId: BigInt(second.commandIds[0]!) },
      });
      expect(secondChanges.map((c) => [c.option, c.oldValue, c.newValue])).toEqual([
        ['backup-sip-port-check', null, 'false'],
      ]);
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-init-check-timeout = 15$/m);

      daemon = spawnAgentProcess(host.configPath);
      const applied = await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { id: queued.id, state: 'applied' } })
            .then((c) => c ?? undefined),
        'the queued change applied',
      );
      expect(applied.ackedAt).not.toBeNull();
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-init-check-timeout = 40$/m);
      await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { id: BigInt(second.commandIds[0]!), state: 'applied' } })
            .then((c) => c ?? undefined),
        'the second change applied, in order',
      );

      // Exactly once: one ack recorded, even after the agent reconnects again.
      await daemon.stop();
      daemon = spawnAgentProcess(host.configPath);
      await hostIdOf('SIPS_OFF_B');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const acks = await dashboard.prisma.auditEvent.count({
        where: { targetId: hostId, action: 'command.applied' },
      });
      expect(acks).toBe(2); // one per command, not one per delivery
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-sip-port-check = false$/m);
      const change = await dashboard.prisma.auditEvent.findFirstOrThrow({
        where: { targetId: hostId, action: 'option.change' },
        orderBy: { id: 'asc' },
      });
      expect(change.before).toEqual({ [TIMEOUT]: '15' });
      // The audit row names the host and carries the operator's reason (as the audit page shows them).
      expect(change.after).toEqual({
        [TIMEOUT]: '40',
        hostname: 'sips_off_b.test',
        reason: 'components start slowly on this host',
      });
    } finally {
      await daemon.stop();
      await host.dispose();
    }
  });

  it('runs the check now on command, through the same durable channel', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_NOW_B');
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const hostId = await hostIdOf('SIPS_NOW_B');
      // A command that arrives during a check in progress shares that run: let the start check finish first.
      await waitFor(
        () => dashboard.prisma.checkRun.findFirst({ where: { hostId } }).then((r) => r ?? undefined),
        'the check at agent start stored',
      );
      const operator = browserClient(dashboard.url, operatorCookie);
      const { commandIds } = await operator.commands.runCheckNow.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
      });
      // No restart: a check of a server already running counts the log line it wrote at its start.
      const done = await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { id: BigInt(commandIds[0]!), state: { in: ['done', 'failed'] } } })
            .then((c) => c ?? undefined),
        'the command answered',
      );
      expect(done.state).toBe('done');
      const run = await waitFor(
        () =>
          dashboard.prisma.checkRun
            .findFirst({ where: { hostId, trigger: 'command' } })
            .then((r) => r ?? undefined),
        'a check run triggered by the command',
      );
      expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(done.createdAt.getTime() - 1_000);
      expect(run.status).toBe('RUNNING');
      // The result and the command's answer race to evaluate the verdict: whichever waits must see the
      // other's commit. The host stays verified (by this run or a later one), and no check shows as running.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await dashboard.prisma.host.findUniqueOrThrow({ where: { id: hostId } });
      expect(after).toMatchObject({
        verdict: 'would-serve',
        verdictCause: 'check-passed',
        checkingRunId: null,
      });
      expect(after.lastCheckAt!.getTime()).toBeGreaterThanOrEqual(run.finishedAt.getTime());
    } finally {
      await agent.stop();
      await host.dispose();
    }
  });

  it('refuses invalid values, unconfirmed restricted changes, viewers and strangers — storing nothing', async () => {
    const host = await dashboard.prisma.host.findFirstOrThrow();
    const before = await dashboard.prisma.agentCommand.count();
    const target = { kind: 'hosts' as const, hostIds: [host.id] };
    const operator = browserClient(dashboard.url, operatorCookie);

    await expect(
      operator.commands.changeOptions.mutate({ target, values: { [TIMEOUT]: 'soon' } }),
    ).rejects.toThrow(/backup-init-check-timeout: "soon" is not valid/);
    await expect(
      operator.commands.changeOptions.mutate({ target, values: { [TIMEOUT]: '30' } }),
    ).rejects.toThrow(/restricted: confirm the change and give a reason/);
    await expect(
      operator.commands.changeOptions.mutate({ target, values: { 'no-such-option': '1' } }),
    ).rejects.toThrow(/not an option Standby manages/);

    const viewer = browserClient(dashboard.url, await dashboard.signIn('viewer'));
    await expect(
      viewer.commands.changeOptions.mutate({ target, values: { 'backup-init-check': 'false' } }),
    ).rejects.toThrow(/needs the operator role/);
    await expect(viewer.commands.runCheckNow.mutate({ target })).rejects.toThrow(/needs the operator role/);
    await expect(viewer.admin.createEnrollmentToken.mutate({})).rejects.toThrow(/needs the admin role/);

    const stranger = browserClient(dashboard.url);
    await expect(
      stranger.commands.changeOptions.mutate({ target, values: { 'backup-init-check': 'false' } }),
    ).rejects.toThrow(/Sign in first/);
    await expect(stranger.fleet.page.query({})).rejects.toThrow(/Sign in first/);

    expect(await dashboard.prisma.agentCommand.count()).toBe(before);
  });

  it('a change made on a second dashboard process reaches an agent connected to the first', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_NODE_B');
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    const port = await findFreePort();
    const second = spawnDashboardProcess(dashboard.databaseUrl, port);
    try {
      const hostId = await hostIdOf('SIPS_NODE_B');
      const secondUrl = `http://localhost:${port}`;
      await waitFor(
        () => fetch(`${secondUrl}/api/health`).then((r) => (r.ok ? true : undefined)),
        'second node up',
      );
      // The same session works on both nodes: the auth secret lives in the shared database.
      const operator = browserClient(secondUrl, operatorCookie);
      // A browser on the second node sees live what the agent on the first one reports.
      const browser = io(`${secondUrl}/live`, {
        transports: ['websocket'],
        extraHeaders: { cookie: operatorCookie },
      });
      const deltas: THostSummary[] = [];
      browser.on('fleet:delta', ({ hosts }: { hosts: THostSummary[] }) => deltas.push(...hosts));
      await waitFor(async () => (browser.connected ? true : undefined), 'browser on the second node');
      const started = Date.now();
      await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
        values: { 'backup-init-check': 'false' },
      });
      await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { hostId, state: 'applied' } })
            .then((c) => c ?? undefined),
        'applied through the first node',
      );
      // Woken by NOTIFY, not by the 15 s fallback poll.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-init-check = false$/m);
      await waitFor(
        async () => deltas.find((h) => h.id === hostId && h.pendingRestart),
        'pending restart, live on the second node',
      );
      const check = agent.runCheck('start');
      await host.restart();
      const { finishedAt } = await check;
      await waitFor(
        async () => deltas.find((h) => h.id === hostId && h.lastCheckAt === finishedAt && !h.pendingRestart),
        'the new result, live on the second node',
      );
      browser.close();
    } finally {
      await second.stop();
      await agent.stop();
      await host.dispose();
    }
  });
});
