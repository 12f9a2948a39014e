import type { TAck, TAgentHello } from '@standby/protocol';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient, helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

type HelloAck = TAck<{ hostId: string; notice?: string }>;

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

async function sayHello(url: string, credential: string, hello: TAgentHello) {
  const socket = rawAgentSocket(url, credential, false);
  await connected(socket);
  const ack: HelloAck = await socket.timeout(10_000).emitWithAck('hello', hello);
  return { socket, ack };
}

// Host identity fixed at enrollment, pairs of at most two, and connection state from live sockets
// only — through real sockets against a real dashboard and PostgreSQL.
describe('agent identity and connection state', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard;
  let second: TestDashboard | undefined;

  beforeAll(async () => {
    // Generous connect budgets: the races below reconnect one credential 50 times.
    dashboard = await startTestDashboard({
      agentEventLimits: {
        connects: { burst: 1_000, perMinute: 60_000 },
        connectsPerMinuteEverywhere: 60_000,
      },
    });
  });
  afterAll(async () => {
    await second?.dispose();
    await dashboard?.dispose();
  });

  const agentRow = (hostKey: string) =>
    dashboard.prisma.agent.findFirstOrThrow({ where: { host: { key: hostKey } } });

  it('refuses a hello claiming another host name or application, naming the fact, and audits it once', async () => {
    const hostKey = 'id-a.test/ID_A';
    const credential = await dashboard.agentCredential(hostKey);
    const victim = await sayHello(dashboard.url, await dashboard.agentCredential('victim.test/VICTIM'), {
      ...helloFor('victim.test/VICTIM'),
      pair: 'VICTIM_PAIR',
    });
    expect(victim.ack.ok).toBe(true);

    const renamed = await sayHello(dashboard.url, credential, {
      ...helloFor(hostKey),
      hostname: 'victim.test',
    });
    expect(renamed.ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (renamed.ack.ok) throw new Error('unreachable');
    expect(renamed.ack.error.message).toMatch(
      /host name "victim.test" differs from the enrolled "id-a.test"/,
    );
    expect(renamed.ack.error.message).toMatch(/enroll it again/);

    const otherApp = await renamed.socket
      .timeout(10_000)
      .emitWithAck('hello', { ...helloFor(hostKey), application: 'VICTIM', pair: 'VICTIM_PAIR' });
    expect(otherApp).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((otherApp as { error: { message: string } }).error.message).toMatch(/application "VICTIM"/);

    const host = await dashboard.prisma.host.findUniqueOrThrow({ where: { key: hostKey } });
    expect({ hostname: host.hostname, application: host.application, pairId: host.pairId }).toEqual({
      hostname: 'id-a.test',
      application: 'ID_A',
      pairId: null,
    });
    expect((await agentRow(hostKey)).connected).toBe(false);
    const audits = await dashboard.prisma.auditEvent.count({
      where: { action: 'agent.hello-refused', targetId: host.id },
    });
    expect(audits).toBe(1);

    // Its own facts pass.
    expect(await renamed.socket.timeout(10_000).emitWithAck('hello', helloFor(hostKey))).toMatchObject({
      ok: true,
    });
    renamed.socket.close();
    victim.socket.close();
  });

  it('keeps a pair to two hosts with different applications; a revoked member makes room', async () => {
    const members = ['p1.test/P_PRIMARY', 'p2.test/P_BACKUP', 'p3.test/P_THIRD'];
    const sockets: Socket[] = [];
    const acks: HelloAck[] = [];
    for (const hostKey of members) {
      const said = await sayHello(dashboard.url, await dashboard.agentCredential(hostKey), {
        ...helloFor(hostKey),
        pair: 'IDENTITY_PAIR',
      });
      sockets.push(said.socket);
      acks.push(said.ack);
    }
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true]);
    expect(acks[2]).toMatchObject({
      ok: true,
      data: { notice: expect.stringMatching(/already has 2 hosts/) },
    });
    const pair = await dashboard.prisma.haPair.findUniqueOrThrow({
      where: { name: 'IDENTITY_PAIR' },
      include: { hosts: { select: { key: true } } },
    });
    expect(pair.hosts.map((host) => host.key).sort()).toEqual(members.slice(0, 2).sort());

    // The same application twice (another machine claiming to run the primary's app) is kept out too.
    const twin = 'p4.test/P_PRIMARY';
    const twinSaid = await sayHello(dashboard.url, await dashboard.agentCredential(twin), {
      ...helloFor(twin),
      pair: 'TWIN_PAIR',
    });
    const primarySaid = await sayHello(dashboard.url, await dashboard.agentCredential('p5.test/P_PRIMARY'), {
      ...helloFor('p5.test/P_PRIMARY'),
      pair: 'TWIN_PAIR',
    });
    expect(twinSaid.ack).toMatchObject({ ok: true });
    expect(primarySaid.ack).toMatchObject({
      ok: true,
      data: { notice: expect.stringMatching(/application "P_PRIMARY"/) },
    });

    // The backup is rebuilt: an admin revokes its agent; the third host may now join.
    const admin = browserClient(dashboard.url, await dashboard.signIn('admin'));
    await admin.admin.revokeAgent.mutate({ agentId: (await agentRow(members[1]!)).id });
    const rejoined: HelloAck = await sockets[2]!.timeout(10_000).emitWithAck('hello', {
      ...helloFor(members[2]!),
      pair: 'IDENTITY_PAIR',
    });
    expect(rejoined).toMatchObject({ ok: true });
    expect(rejoined.ok && rejoined.data.notice).toBeFalsy();
    const after = await dashboard.prisma.haPair.findUniqueOrThrow({
      where: { name: 'IDENTITY_PAIR' },
      include: { hosts: { select: { key: true } } },
    });
    expect(after.hosts.map((host) => host.key).sort()).toEqual([members[0], members[2]].sort());
    for (const socket of [...sockets, twinSaid.socket, primarySaid.socket]) socket.close();
  });

  it('a hello racing its socket closing never leaves the agent connected (50 times, one agent and 50 at once)', async () => {
    const hostKey = 'race.test/RACE';
    const credential = await dashboard.agentCredential(hostKey);
    const helloThenClose = async (key: string, token: string, round: number) => {
      const socket = rawAgentSocket(dashboard.url, token, false);
      await connected(socket);
      socket.emit('hello', helloFor(key));
      // Closed at once or a few milliseconds later: before, during or after the hello's transaction.
      if (round % 5 !== 0) await new Promise((resolve) => setTimeout(resolve, round % 7));
      socket.close();
    };
    // Settled: every handler of the closed sockets has finished (polled, then held for a moment).
    const settledDisconnected = async (keys: string[]) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const rows = await dashboard.prisma.agent.findMany({
        where: { host: { key: { in: keys } } },
        select: { connected: true, host: { select: { key: true } } },
      });
      return rows.filter((row) => row.connected).map((row) => row.host.key);
    };
    for (let round = 0; round < 50; round++) {
      await helloThenClose(hostKey, credential, round);
      expect(await settledDisconnected([hostKey])).toEqual([]);
    }
    // 50 agents at once: the database is busy, so hellos and disconnects interleave more.
    const keys = Array.from({ length: 50 }, (_, index) => `race-${index}.test/RACE_${index}`);
    const tokens = await Promise.all(keys.map((key) => dashboard.agentCredential(key)));
    await Promise.all(keys.map((key, index) => helloThenClose(key, tokens[index]!, index)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await settledDisconnected(keys)).toEqual([]);
    const status = await fetch(`${dashboard.url}/api/health`).then((response) => response.status);
    expect(status).toBe(200);
  });

  it('a newer socket with the same credential takes over; the older one closing leaves the host connected', async () => {
    const hostKey = 'twice.test/TWICE';
    const credential = await dashboard.agentCredential(hostKey);
    const older = await sayHello(dashboard.url, credential, helloFor(hostKey));
    const replaced = new Promise<{ code: string }>((resolve) => older.socket.once('server:error', resolve));
    const olderClosed = new Promise<string>((resolve) => older.socket.once('disconnect', resolve));
    const newer = await sayHello(dashboard.url, credential, helloFor(hostKey));
    expect(newer.ack.ok).toBe(true);
    expect((await replaced).code).toBe('REPLACED');
    expect(await olderClosed).toBe('io server disconnect');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const row = await agentRow(hostKey);
    expect(row.connected).toBe(true);
    expect(row.connectedNode).toMatch(new RegExp(`/${newer.socket.id}$`));
    newer.socket.close();
    await waitFor(async () => ((await agentRow(hostKey)).connected ? undefined : true), 'disconnected');
  });

  it('across dashboard nodes too: the node holding the older socket closes it', async () => {
    second = await startTestDashboard({ databaseUrl: dashboard.databaseUrl });
    const hostKey = 'nodes.test/NODES';
    const credential = await dashboard.agentCredential(hostKey);
    const older = await sayHello(dashboard.url, credential, helloFor(hostKey));
    const olderClosed = new Promise<string>((resolve) => older.socket.once('disconnect', resolve));
    const newer = await sayHello(second.url, credential, helloFor(hostKey));
    expect(newer.ack.ok).toBe(true);
    expect(await olderClosed).toBe('io server disconnect');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const row = await agentRow(hostKey);
    expect(row.connected).toBe(true);
    expect(row.connectedNode).toMatch(new RegExp(`:${second.port}/${newer.socket.id}$`));
    newer.socket.close();
  });
});
