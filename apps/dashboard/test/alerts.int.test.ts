import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createEnrollmentToken, createUser, enrollAgent, type Role } from '@standby/api';
import { createPrismaClient, type PrismaClient } from '@standby/db';
import { findFreePort } from '@standby/db/free-port';
import { ALERT_CHANNEL_SECRET_MARKER, errorCodeOf } from '@standby/protocol';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDashboard, startDashboard } from '../src/server/start-dashboard';
import { browserClient, helloFor, rawAgentSocket, spawnDashboardProcess } from './fixtures';
import { TEST_AUTH_SECRET } from './test-auth-secret';
import { waitFor } from './test-dashboard';

// Alerts end to end: real dashboards (one, then two sharing one PostgreSQL), agents speaking the socket
// protocol, results through the real ingest, notices to real webhook receivers on loopback. Nothing is
// written by hand: every verdict comes from ingest, every alert from the verdict writer.

const HOLD_DOWN_MS = 1_500;
const ALERTS = {
  holdDownMs: HOLD_DOWN_MS,
  pollMs: 100,
  retryBaseMs: 300,
  retryMaxMs: 1_000,
  maxAttempts: 5,
  sendTimeoutMs: 2_000,
};
const OPTIONS = { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' };
const SECRET = 'webhook-secret-never-shown';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Notice {
  delivery: string;
  kind: string;
  condition: string;
  hostId: string | null;
  alertId: string;
}

/** A webhook receiver on a fixed loopback port that can go down and come back. */
class Receiver {
  notices: Notice[] = [];
  private server: Server | undefined;
  constructor(readonly port: number) {}
  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }
  async up(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.record(req.headers, Buffer.concat(chunks));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    return this;
  }
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  private record(headers: IncomingHttpHeaders, body: Buffer) {
    const notice = JSON.parse(body.toString()) as {
      kind: string;
      condition: string;
      alertId: string;
      host: { id: string } | null;
    };
    this.notices.push({
      delivery: String(headers['x-standby-delivery']),
      kind: notice.kind,
      condition: notice.condition,
      hostId: notice.host?.id ?? null,
      alertId: notice.alertId,
    });
  }
  /** trigger/resolve notices of one host's condition, in arrival order. */
  of(hostId: string, condition = 'would-not-serve'): string[] {
    return this.notices.filter((n) => n.hostId === hostId && n.condition === condition).map((n) => n.kind);
  }
}

interface Node extends RunningDashboard {
  prisma: PrismaClient;
}

async function startNode(dir: string, databaseUrl?: string): Promise<Node> {
  const dashboard = await startDashboard({
    port: 0,
    host: '127.0.0.1',
    embeddedDataDir: path.join(dir, 'pgdata'),
    databaseUrl,
    serveUi: false,
    // The second node (a process) signs cookies with the same secret, as nodes on one database must.
    authSecret: TEST_AUTH_SECRET,
    alerts: ALERTS,
    log: () => {},
  });
  return { ...dashboard, prisma: createPrismaClient(dashboard.databaseUrl) };
}

describe('alerts end to end: ingest → verdict → alert → webhook', { timeout: 120_000 }, () => {
  let dir: string;
  let a: Node;
  let b: ReturnType<typeof spawnDashboardProcess> | undefined;
  const sockets: Socket[] = [];
  const receivers: Receiver[] = [];
  const cookies = new Map<Role, string>();
  let hosts = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-alerts-'));
    a = await startNode(dir);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const receiver of receivers) await receiver.down();
    await b?.stop();
    await a?.prisma.$disconnect();
    await a?.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  async function signIn(role: Role): Promise<string> {
    const known = cookies.get(role);
    if (known) return known;
    const email = `${role}-${randomUUID()}@alerts.test`;
    const password = 'correct horse battery';
    await createUser(a.prisma, { email, name: role, password, role });
    const response = await fetch(`${a.url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: a.url },
      body: JSON.stringify({ email, password }),
    });
    expect(response.ok).toBe(true);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    cookies.set(role, cookie);
    return cookie;
  }
  const client = async (role: Role, url = a.url) => browserClient(url, await signIn(role));

  async function receiver(): Promise<Receiver> {
    const started = await new Receiver(await findFreePort()).up();
    receivers.push(started);
    return started;
  }
  async function channel(name: string, target: { url: string }) {
    return (await client('admin')).alerts.createChannel.mutate({
      name,
      config: { kind: 'webhook', url: target.url, secret: SECRET },
    });
  }

  /** A backup whose agent speaks the socket protocol to `node`: its results go through the real ingest. */
  async function backup(node: { url: string } = a) {
    const key = `alerts-${++hosts}.test/SIPS_${hosts}`;
    const [hostname = key, application = key] = key.split('/');
    const { token } = await createEnrollmentToken(
      a.prisma,
      { label: null, expiresInHours: 1, maxUses: 1 },
      { id: 't', label: 't' },
    );
    const { credential, hostId } = await enrollAgent(
      a.prisma,
      { token, hostKey: key, hostname, application },
      null,
    );
    const socket = rawAgentSocket(node.url, credential);
    sockets.push(socket);
    const hello = await socket
      .timeout(5_000)
      .emitWithAck('hello', { ...helloFor(key), configuredOptions: OPTIONS, effectiveOptions: OPTIONS });
    expect(hello.ok).toBe(true);
    let last = 0;
    const report = async (status: 'RUNNING' | 'SERVICE_UNAVAILABLE') => {
      last = Math.max(Date.now(), last + 1);
      const failed = status === 'SERVICE_UNAVAILABLE';
      const ack = await socket.timeout(5_000).emitWithAck('check:finished', {
        result: {
          runId: randomUUID(),
          status,
          applicable: true,
          mode: 'backup',
          checkEnabled: true,
          timeoutSec: 15,
          trigger: 'interval',
          startedAt: new Date(last - 1_000).toISOString(),
          finishedAt: new Date(last).toISOString(),
          durationMs: 1_000,
          components: ['t-controller', 'smart-proxy', 'interaction-proxy', 'operational-info'].map(
            (name) => ({
              name,
              state: failed && name === 'smart-proxy' ? 'timeout' : 'ready',
              readyAfterMs: failed && name === 'smart-proxy' ? null : 100,
              detail: null,
            }),
          ),
          portCheck: { state: 'passed', reason: null, port: 5060, address: null },
          findings: [],
          options: OPTIONS,
        },
      });
      expect(ack.ok).toBe(true);
    };
    return { hostId, fail: () => report('SERVICE_UNAVAILABLE'), pass: () => report('RUNNING') };
  }

  const verdictOf = (hostId: string) =>
    a.prisma.host
      .findUniqueOrThrow({ where: { id: hostId }, select: { verdict: true } })
      .then((h) => h.verdict);
  const historyOf = async (hostId: string, condition = 'would-not-serve') =>
    (
      await a.prisma.alertEvent.findMany({
        where: { hostId, alert: { condition } },
        orderBy: { id: 'asc' },
      })
    ).map((e) => e.kind);
  /** Waits until `probe` holds, then checks it still holds a while later (no duplicate on its way). */
  async function settles<T>(probe: () => T, expected: T, what: string) {
    await waitFor(
      async () => (JSON.stringify(probe()) === JSON.stringify(expected) ? true : undefined),
      what,
      20_000,
    );
    await sleep(HOLD_DOWN_MS + 800);
    expect(probe()).toEqual(expected);
  }

  it('(a) a backup that starts failing: exactly one trigger, then one resolve when it passes', async () => {
    const hook = await receiver();
    await channel('main', hook); // the built-in default rule routes would-not-serve to every channel
    const host = await backup();
    await host.pass();
    await host.fail();
    expect(await verdictOf(host.hostId)).toBe('would-not-serve');
    await sleep(HOLD_DOWN_MS / 2);
    expect(hook.of(host.hostId)).toEqual([]); // not before the hold-down
    await settles(() => hook.of(host.hostId), ['trigger'], 'one trigger');
    await host.pass();
    await settles(() => hook.of(host.hostId), ['trigger', 'resolve'], 'one resolve');
    const notices = hook.notices.filter((n) => n.hostId === host.hostId);
    expect(notices.map((n) => n.delivery)).toEqual([
      `${notices[0]!.alertId}:trigger`,
      `${notices[0]!.alertId}:resolve`,
    ]);
    // The same history through the API, newest first.
    const history = await (await client('viewer')).alerts.history.query({ hostId: host.hostId });
    expect(history.entries.map((e) => e.kind).reverse()).toEqual([
      'opened',
      'queued',
      'sent',
      'closed',
      'queued',
      'resolved',
      'sent',
    ]);
  });

  it('(b) two dashboard nodes on one PostgreSQL: still exactly one trigger and one resolve per alert', async () => {
    // The second node is its own process, configured through its environment (env.ts).
    const port = await findFreePort();
    b = spawnDashboardProcess(a.databaseUrl, port, {
      STANDBY_ALERT_HOLD_DOWN_SEC: String(HOLD_DOWN_MS / 1000),
      STANDBY_ALERT_RETRY_BASE_SEC: '0.3',
      STANDBY_ALERT_MAX_ATTEMPTS: String(ALERTS.maxAttempts),
    });
    const second = { url: `http://127.0.0.1:${port}` };
    await waitFor(
      () => fetch(`${second.url}/api/health`).then((r) => (r.ok ? true : undefined)),
      'second node up',
      60_000,
    );
    const hook = await receiver();
    await channel('two-nodes', hook);
    const fleet = await Promise.all(Array.from({ length: 6 }, (_, i) => backup(i % 2 ? a : second)));
    await Promise.all(fleet.map((host) => host.fail()));
    await settles(
      () => fleet.map((host) => hook.of(host.hostId)),
      fleet.map(() => ['trigger']),
      'a trigger each',
    );
    await Promise.all(fleet.map((host) => host.pass()));
    await settles(
      () => fleet.map((host) => hook.of(host.hostId)),
      fleet.map(() => ['trigger', 'resolve']),
      'a resolve each',
    );
    const deliveries = new Set(hook.notices.map((n) => n.delivery));
    expect(deliveries.size).toBe(hook.notices.length);
    // One delivery row per notice, each marked sent once, by whichever node claimed it.
    const sent = await a.prisma.alertEvent.count({ where: { channelName: 'two-nodes', kind: 'sent' } });
    expect(sent).toBe(12);
  });

  it('(c) a receiver down for a while gets its notice when it is back; one that never comes back is dead after N attempts', async () => {
    const flaky = new Receiver(await findFreePort()); // closed port: connection refused
    receivers.push(flaky);
    const nowhere = new Receiver(await findFreePort());
    await channel('flaky', flaky);
    const dead = await channel('nowhere', nowhere);
    const host = await backup();
    await host.fail();
    const attempted = async (name: string) =>
      a.prisma.alertEvent.count({ where: { hostId: host.hostId, kind: 'failed', channelName: name } });
    await waitFor(
      async () => ((await attempted('flaky')) >= 2 ? true : undefined),
      'two failed attempts',
      20_000,
    );
    await flaky.up();
    await settles(() => flaky.of(host.hostId), ['trigger'], 'delivered once back');
    const gaveUp = await waitFor(
      () =>
        a.prisma.alertDelivery
          .findFirst({ where: { channelId: dead.id, alert: { hostId: host.hostId }, state: 'dead' } })
          .then((d) => d ?? undefined),
      'dead after N attempts',
      20_000,
    );
    expect(gaveUp.attempts).toBe(ALERTS.maxAttempts);
    expect(gaveUp.lastError).toMatch(/could not reach 127\.0\.0\.1/);
    const page = await (await client('viewer')).alerts.deliveries.query({ state: ['dead'] });
    expect(page.deliveries.map((d) => d.id)).toContain(gaveUp.id.toString());
    expect(await historyOf(host.hostId)).toContain('dead');
    // The resolve goes only where the trigger went.
    await (await client('admin')).alerts.updateChannel.mutate({ id: dead.id, enabled: false });
    await host.pass();
    await settles(() => flaky.of(host.hostId), ['trigger', 'resolve'], 'resolve once');
    expect(await a.prisma.alertDelivery.count({ where: { channelId: dead.id, kind: 'resolve' } })).toBe(0);
  });

  it('(d) flapping within the hold-down is one alert: one trigger, one resolve', async () => {
    const hook = await receiver();
    await channel('flapping', hook);
    const host = await backup();
    for (const step of ['fail', 'pass', 'fail', 'pass', 'fail'] as const) await host[step]();
    await settles(() => hook.of(host.hostId), ['trigger'], 'one trigger after flapping');
    for (const step of ['pass', 'fail', 'pass'] as const) await host[step]();
    await settles(() => hook.of(host.hostId), ['trigger', 'resolve'], 'one resolve after flapping');
    const alerts = await a.prisma.alert.count({
      where: { hostId: host.hostId, condition: 'would-not-serve' },
    });
    expect(alerts).toBe(1);
    expect((await historyOf(host.hostId)).filter((kind) => kind === 'reopened')).toHaveLength(3);
  });

  it('(e) a silence: triggers recorded as silenced and not sent; after it ends, a still-failing host is alerted once', async () => {
    const hook = await receiver();
    await channel('silenced', hook);
    const stays = await backup();
    const recovers = await backup();
    const operator = await client('operator');
    await expect(
      (await client('viewer')).alerts.createSilence.mutate({
        scope: { kind: 'hosts', hostIds: [stays.hostId] },
        startsAt: new Date(),
        endsAt: new Date(Date.now() + 60_000),
        reason: 'viewer tries',
      }),
    ).rejects.toSatisfy((error) => errorCodeOf(error) === 'FORBIDDEN');
    const silence = await operator.alerts.createSilence.mutate({
      scope: { kind: 'hosts', hostIds: [stays.hostId, recovers.hostId] },
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 10 * 60_000),
      reason: 'SIP Server upgrade',
    });
    const later = await operator.alerts.createSilence.mutate({
      scope: { kind: 'hosts', hostIds: [stays.hostId] },
      startsAt: new Date(Date.now() + 3_600_000),
      endsAt: new Date(Date.now() + 7_200_000),
      reason: 'next week',
    });
    expect([silence.state, later.state]).toEqual(['active', 'scheduled']);
    const viewer = await client('viewer');
    const covered = await viewer.alerts.silencesForHosts.query({ hostIds: [stays.hostId, recovers.hostId] });
    expect(covered.map((c) => [c.hostId, c.silencedUntil.getTime()]).sort()).toEqual(
      [
        [stays.hostId, silence.endsAt.getTime()],
        [recovers.hostId, silence.endsAt.getTime()],
      ].sort(),
    );
    expect((await viewer.alerts.silences.query({})).map((s) => s.id)).toEqual(
      expect.arrayContaining([silence.id, later.id]),
    );

    await stays.fail();
    await recovers.fail();
    await waitFor(
      async () => ((await historyOf(recovers.hostId)).includes('silenced') ? true : undefined),
      'silenced',
    );
    await waitFor(
      async () => ((await historyOf(stays.hostId)).includes('silenced') ? true : undefined),
      'silenced',
    );
    await recovers.pass(); // closes during the silence: nothing will ever be sent for it
    await waitFor(
      async () => ((await historyOf(recovers.hostId)).includes('dropped') ? true : undefined),
      'dropped',
    );
    expect(hook.of(stays.hostId)).toEqual([]);

    await operator.alerts.endSilence.mutate({ id: silence.id });
    await settles(() => hook.of(stays.hostId), ['trigger'], 'alerted once after the silence');
    expect(hook.of(recovers.hostId)).toEqual([]);
    expect(await viewer.alerts.silencesForHosts.query({ hostIds: [stays.hostId] })).toEqual([]);
    const audited = await a.prisma.auditEvent.findMany({
      where: { targetType: 'alert-silence', targetId: silence.id },
      orderBy: { id: 'asc' },
    });
    expect(audited.map((e) => e.action)).toEqual(['alert-silence.create', 'alert-silence.end']);
  });

  it('(f) nobody reads a channel secret; only admins change channels or press test', async () => {
    const hook = await receiver();
    const created = await channel('secrets', hook);
    expect(created.config).toMatchObject({ kind: 'webhook', secret: ALERT_CHANNEL_SECRET_MARKER });
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const response = await fetch(`${a.url}/api/trpc/alerts.channels`, {
        headers: { cookie: await signIn(role) },
      });
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(text).toContain('secrets');
      expect(text).not.toContain(SECRET);
    }
    for (const role of ['viewer', 'operator'] as const) {
      const caller = await client(role);
      await expect(caller.alerts.testChannel.mutate({ id: created.id })).rejects.toSatisfy(
        (error) => errorCodeOf(error) === 'FORBIDDEN',
      );
      await expect(caller.alerts.updateChannel.mutate({ id: created.id, name: 'renamed' })).rejects.toSatisfy(
        (error) => errorCodeOf(error) === 'FORBIDDEN',
      );
    }
    expect(hook.notices.filter((n) => n.kind === 'test')).toEqual([]);
    const result = await (await client('admin')).alerts.testChannel.mutate({ id: created.id });
    expect(result.ok).toBe(true);
    expect(hook.notices.filter((n) => n.kind === 'test')).toHaveLength(1);
    // A receiver that is down: the answer says so (a result, not an error).
    await hook.down();
    const down = await (await client('admin')).alerts.testChannel.mutate({ id: created.id });
    expect(down).toMatchObject({ ok: false, retryable: true });
    // A secret sent back masked keeps the stored one; the audit log never holds it either.
    await (await client('admin')).alerts.updateChannel.mutate({
      id: created.id,
      config: { kind: 'webhook', url: hook.url, secret: ALERT_CHANNEL_SECRET_MARKER },
    });
    const stored = await a.prisma.alertChannel.findUniqueOrThrow({ where: { id: created.id } });
    expect((stored.config as { secret: string }).secret).toBe(SECRET);
    const audit = await a.prisma.auditEvent.findMany({ where: { targetType: 'alert-channel' } });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['alert-channel.create', 'alert-channel.update', 'alert-channel.test']),
    );
    expect(JSON.stringify(audit.map(({ before, after }) => ({ before, after })))).not.toContain(SECRET);
  });
});
