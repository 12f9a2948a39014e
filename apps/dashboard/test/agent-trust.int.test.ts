import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { enrollAgent } from '@standby/api';
import { findFreePort } from '@standby/db/free-port';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient, enrolledHost, helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

describe('agent enrollment, credentials and revocation', { timeout: 90_000 }, () => {
  let dashboard: TestDashboard;
  let dir: string;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-trust-'));
  });
  afterAll(async () => {
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('exchanges the enrollment token for a 0600 credential, and a spent token enrolls nobody else', async () => {
    const token = await dashboard.enrollmentToken(1);
    const enrolled = await enrollAgent(
      dashboard.prisma,
      { token, hostKey: 'a.test/A', hostname: 'a.test', application: 'A' },
      null,
    );
    expect(enrolled.credential).toMatch(/^sba_/);
    const stored = await dashboard.prisma.agent.findUniqueOrThrow({ where: { id: enrolled.agentId } });
    expect(stored.credentialHash).not.toContain(enrolled.credential.slice(4));
    await expect(
      enrollAgent(
        dashboard.prisma,
        { token, hostKey: 'b.test/B', hostname: 'b.test', application: 'B' },
        null,
      ),
    ).rejects.toThrow(/used up/);
    // Nobody takes over a host whose agent is enrolled, even with a fresh token…
    const takeover = {
      token: await dashboard.enrollmentToken(1),
      hostKey: 'a.test/A',
      hostname: 'a.test',
      application: 'A',
    };
    await expect(enrollAgent(dashboard.prisma, takeover, null)).rejects.toThrow(
      /already has an enrolled agent/,
    );
    // …until an admin revokes it: then the rebuilt host rejoins, and the old credential is dead.
    const admin = browserClient(dashboard.url, await dashboard.signIn('admin'));
    await admin.admin.revokeAgent.mutate({ agentId: enrolled.agentId });
    const again = await enrollAgent(dashboard.prisma, takeover, null);
    expect(again.agentId).toBe(enrolled.agentId);
    const socket = io(`${dashboard.url}/agent`, {
      transports: ['websocket'],
      auth: { token: enrolled.credential },
      reconnection: false,
    });
    const refused = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(refused.message).toMatch(/^UNAUTHORIZED/);
    socket.close();

    const host = await enrolledHost(dir, dashboard, 'SIPS_ENROLL_B');
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const tokenFile = path.join(path.dirname(host.configPath), 'agent.token');
      await waitFor(
        async () => ((await readFile(tokenFile, 'utf8')).startsWith('sba_') ? true : undefined),
        'credential written',
      );
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    } finally {
      await agent.stop();
      await host.dispose();
    }
  });

  it('lets an agent speak only for its own host', async () => {
    const socket = rawAgentSocket(dashboard.url, await dashboard.agentCredential('mine.test/MINE'));
    try {
      const hello = await socket.timeout(5_000).emitWithAck('hello', helloFor('other.test/OTHER'));
      expect(hello).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(hello.error.message).toContain('enrolled for host "mine.test/MINE"');
      expect(await dashboard.prisma.host.count({ where: { key: 'other.test/OTHER' } })).toBe(0);
    } finally {
      socket.close();
    }
  });

  it('refuses sockets without a valid credential before any event', async () => {
    for (const auth of [{}, { token: 'sba_forged' }]) {
      const socket = io(`${dashboard.url}/agent`, { transports: ['websocket'], auth, reconnection: false });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toMatch(/^UNAUTHORIZED/);
      socket.close();
    }
    const browser = io(`${dashboard.url}/live`, { transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => browser.once('connect_error', resolve));
    expect(error.message).toMatch(/sign in first/);
    browser.close();
  });

  it('cuts a revoked agent off at once and refuses it afterwards', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_REVOKE_B');
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const record = await waitFor(
        () =>
          dashboard.prisma.agent
            .findFirst({ where: { connected: true, host: { application: 'SIPS_REVOKE_B' } } })
            .then((a) => a ?? undefined),
        'agent connected',
      );
      const admin = browserClient(dashboard.url, await dashboard.signIn('admin'));
      expect(await admin.admin.revokeAgent.mutate({ agentId: record.id })).toEqual({ revoked: true });
      await waitFor(
        () => (agent.link?.connected === false ? Promise.resolve(true) : Promise.resolve(undefined)),
        'socket cut',
      );

      const credential = (
        await readFile(path.join(path.dirname(host.configPath), 'agent.token'), 'utf8')
      ).trim();
      const again = io(`${dashboard.url}/agent`, {
        transports: ['websocket'],
        auth: { token: credential },
        reconnection: false,
      });
      const refused = await new Promise<Error>((resolve) => again.once('connect_error', resolve));
      expect(refused.message).toMatch(/revoked/);
      again.close();

      const audit = await dashboard.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'agent.revoke', targetId: record.hostId },
      });
      expect(audit.before).toEqual({ agentId: record.id, revoked: false });
    } finally {
      await agent.stop();
      await host.dispose();
    }
  });
});

describe('results survive a dashboard restart with nothing lost and nothing duplicated', {
  timeout: 120_000,
}, () => {
  it('spools results while the dashboard is down and replays them, late, after it returns', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'standby-restart-'));
    const port = await findFreePort();
    let dashboard = await startTestDashboard({ dir, port, keepDir: true });
    const host = await enrolledHost(path.join(dir, 'fleet'), dashboard, 'SIPS_SPOOL_B');
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const first = await waitFor(
        () => dashboard.prisma.checkRun.findFirst().then((run) => run ?? undefined),
        'first result stored',
      );
      const storedBefore = (await dashboard.prisma.checkRun.findMany({ select: { id: true } })).map(
        (run) => run.id,
      );
      await dashboard.dispose();

      const whileDown: string[] = [];
      for (let i = 0; i < 3; i++) {
        // A restart writes the log line the check waits for, so each check ends in well under a second.
        const check = agent.runCheck('start');
        await host.restart();
        whileDown.push((await check).runId);
      }
      const spoolDir = path.join(path.dirname(host.configPath), 'standby-state/spool');
      const spooled = (await readdir(spoolDir)).filter(
        (name) => name.endsWith('.json') && name !== 'dropped.json',
      );
      // Under load the agent's own restart detection can add a check of its own: every result is spooled.
      const spooledIds = spooled.map((name) => /-([0-9a-f-]{36})\.json$/.exec(name)?.[1] ?? name);
      expect(spooledIds).toEqual(expect.arrayContaining(whileDown));

      dashboard = await startTestDashboard({ dir, port, keepDir: true });
      const runs = await waitFor(async () => {
        const rows = await dashboard.prisma.checkRun.findMany({ include: { components: true } });
        return rows.length >= storedBefore.length + spooledIds.length ? rows : undefined;
      }, 'replayed results stored');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Nothing lost, nothing duplicated: exactly what was stored before and what was spooled.
      expect(await dashboard.prisma.checkRun.count()).toBe(storedBefore.length + spooledIds.length);
      expect(new Set(runs.map((run) => run.id))).toEqual(new Set([first.id, ...storedBefore, ...spooledIds]));
      for (const run of runs.filter((r) => spooledIds.includes(r.id))) {
        expect(run.late).toBe(true);
        expect(run.components).toHaveLength(4);
        // Original timestamps, not the replay time.
        expect(run.startedAt.getTime()).toBeLessThan(run.receivedAt.getTime());
      }
      expect(await agent.link?.pendingResults()).toBe(0);

      // The agent's command stream came back with the dashboard too.
      const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
      await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [first.hostId] },
        values: { 'backup-sip-port-check': 'false' },
      });
      await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { state: 'applied' } })
            .then((c) => c ?? undefined),
        'a change applied after the restart',
      );
    } finally {
      await agent.stop();
      await host.dispose();
      await dashboard.dispose();
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });
});
