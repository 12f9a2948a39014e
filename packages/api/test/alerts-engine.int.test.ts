import { createPgPool, type PgPool } from '@standby/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TAlertSettings, TAlertWorkerContext } from '../src/services/alerts/alert-settings';
import { deliverDueAlerts } from '../src/services/alerts/deliver-alerts';
import { dispatchDueAlerts } from '../src/services/alerts/dispatch-alerts';
import { readFleetEvents } from '../src/services/alerts/fleet-events';
import { reconcileAlertConditions } from '../src/services/alerts/reconcile-alerts';
import { createEnrollmentToken, enrollAgent, revokeAgent } from '../src/services/enrollment';
import { type HttpReceiver, startHttpReceiver } from './alert-receivers';
import {
  checkResult,
  enrolledAgent,
  ingest,
  refreshVerdicts,
  sayHello,
  startTestDatabase,
  type TestDatabase,
} from './test-database';

// The alert engine against a real PostgreSQL, step by step (no timers): conditions opened and closed by
// the verdict writer through real ingest, decided by dispatchDueAlerts, sent by deliverDueAlerts to a
// loopback webhook receiver. Hold-down 0 unless a test says otherwise.

const OPTIONS = { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' };

describe('alert engine (services, real PostgreSQL, loopback webhook)', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let receiver: HttpReceiver;
  let poolA: PgPool;
  let poolB: PgPool;
  let hosts = 0;

  const settings = (overrides: Partial<TAlertSettings> = {}): TAlertSettings => ({
    holdDownMs: 0,
    maxAttempts: 3,
    retryBaseMs: 50,
    retryMaxMs: 200,
    sendTimeoutMs: 2_000,
    leaseMs: 3_000,
    publicUrl: 'http://standby.test',
    ...overrides,
  });
  const node = (
    nodeId: string,
    pool: PgPool,
    overrides: Partial<TAlertSettings> = {},
  ): TAlertWorkerContext => ({
    pool,
    nodeId,
    settings: settings(overrides),
  });

  /** One worker pass: fleet events, decisions, sends. */
  async function pass(context: TAlertWorkerContext): Promise<void> {
    await readFleetEvents(context);
    await dispatchDueAlerts(context);
    await deliverDueAlerts(context);
  }

  async function backup(): Promise<{ hostId: string; agentId: string; hostKey: string }> {
    const agent = await enrolledAgent(db, `alert-${++hosts}.test/SIPS`);
    await sayHello(
      db,
      agent,
      { configuredOptions: OPTIONS, effectiveOptions: OPTIONS },
      `node-test/${agent.agentId}`,
    );
    return agent;
  }
  // Each result finishes after the previous one (the latest run is the one that finished last).
  let last = 0;
  const startedAt = () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last - 1_000);
  };
  const fail = (hostId: string) =>
    ingest(db, hostId, [checkResult({ status: 'SERVICE_UNAVAILABLE', startedAt: startedAt() })]);
  const passCheck = (hostId: string) =>
    ingest(db, hostId, [checkResult({ status: 'RUNNING', startedAt: startedAt() })]);
  const noticesFor = (hostId: string) =>
    receiver.requests
      .map((request) => ({
        delivery: String(request.headers['x-standby-delivery']),
        body: JSON.parse(request.body.toString()),
      }))
      .filter((request) => request.body.host?.id === hostId);

  beforeAll(async () => {
    db = await startTestDatabase();
    receiver = await startHttpReceiver();
    poolA = createPgPool(db.databaseUrl, 3);
    poolB = createPgPool(db.databaseUrl, 3);
    const admin = db.callerAs('admin');
    await admin.alerts.createChannel({
      name: 'hook',
      config: { kind: 'webhook', url: receiver.url, secret: 'a-webhook-secret-of-16+' },
    });
  });
  afterAll(async () => {
    await poolA?.end();
    await poolB?.end();
    await receiver?.close();
    await db?.dispose();
  });
  beforeEach(() => {
    receiver.answer = () => ({ status: 200, body: 'ok' });
  });

  it('a failing backup opens an alert in the verdict’s transaction; only a change writes anything', async () => {
    const host = await backup();
    await fail(host.hostId);
    const open = await db.prisma.alert.findMany({ where: { hostId: host.hostId } });
    expect(open.map((a) => [a.condition, a.state, a.severity])).toEqual([
      ['would-not-serve', 'open', 'critical'],
    ]);
    const events = await db.prisma.alertEvent.count({ where: { hostId: host.hostId } });
    // The same verdict again (another failing result, a re-evaluation): no new alert row, no history row.
    await fail(host.hostId);
    await refreshVerdicts(db, [host.hostId]);
    expect(await db.prisma.alert.count({ where: { hostId: host.hostId } })).toBe(1);
    expect(await db.prisma.alertEvent.count({ where: { hostId: host.hostId } })).toBe(events);
  });

  it('trigger then resolve to the default rule’s channel, once each, with a stable delivery key', async () => {
    const context = node('node-a', poolA);
    const host = await backup();
    await fail(host.hostId);
    await pass(context);
    await pass(context);
    await passCheck(host.hostId);
    await pass(context);
    await pass(context);
    const notices = noticesFor(host.hostId);
    expect(notices.map((n) => n.body.kind)).toEqual(['trigger', 'resolve']);
    const alert = await db.prisma.alert.findFirstOrThrow({ where: { hostId: host.hostId } });
    expect(notices.map((n) => n.delivery)).toEqual([`${alert.id}:trigger`, `${alert.id}:resolve`]);
    expect(notices[0]!.body).toMatchObject({
      condition: 'would-not-serve',
      severity: 'critical',
      dedupKey: `${host.hostId}:would-not-serve`,
      link: `http://standby.test/hosts/${host.hostId}`,
      verdict: 'would-not-serve',
    });
    expect(alert.finishedAt).not.toBeNull();
    const history = await db.prisma.alertEvent.findMany({
      where: { alertId: alert.id },
      orderBy: { id: 'asc' },
    });
    expect(history.map((e) => e.kind)).toEqual([
      'opened',
      'queued',
      'sent',
      'closed',
      'queued',
      'resolved',
      'sent',
    ]);
  });

  it('two nodes draining the same alerts at once send each notice exactly once', async () => {
    const a = node('node-a', poolA);
    const b = node('node-b', poolB);
    const many = await Promise.all(Array.from({ length: 12 }, () => backup()));
    for (const host of many) await fail(host.hostId);
    for (let round = 0; round < 4; round++) await Promise.all([pass(a), pass(b), pass(a), pass(b)]);
    for (const host of many) await passCheck(host.hostId);
    for (let round = 0; round < 4; round++) await Promise.all([pass(a), pass(b), pass(a), pass(b)]);
    for (const host of many)
      expect(noticesFor(host.hostId).map((n) => n.body.kind)).toEqual(['trigger', 'resolve']);
    const senders = await db.prisma.alertDelivery.groupBy({
      by: ['leasedBy'],
      where: { alert: { hostId: { in: many.map((h) => h.hostId) } } },
      _count: true,
    });
    expect(senders.reduce((sum, s) => sum + s._count, 0)).toBe(24);
  });

  it('a node that dies mid-send: its lease runs out, another node sends again with the same key; the late node cannot overwrite', async () => {
    const host = await backup();
    await fail(host.hostId);
    const a = node('node-a', poolA, { leaseMs: 400, sendTimeoutMs: 1_500 });
    const b = node('node-b', poolB, { leaseMs: 400, sendTimeoutMs: 1_500 });
    await dispatchDueAlerts(a);
    // The receiver takes the first request and never answers it: node A is stuck (as if killed).
    let first = true;
    receiver.answer = () => {
      if (first) {
        first = false;
        return { status: 200, hang: true };
      }
      return { status: 200, body: 'ok' };
    };
    const stuck = deliverDueAlerts(a);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await deliverDueAlerts(b)).toBeGreaterThanOrEqual(1);
    const notices = noticesFor(host.hostId);
    expect(notices).toHaveLength(2);
    expect(notices[0]!.delivery).toBe(notices[1]!.delivery);
    await stuck; // A's attempt times out; its outcome is not recorded over B's.
    const delivery = await db.prisma.alertDelivery.findFirstOrThrow({
      where: { alert: { hostId: host.hostId } },
    });
    expect(delivery).toMatchObject({ state: 'sent', leasedBy: 'node-b', attempts: 2 });
    const history = await db.prisma.alertEvent.findMany({
      where: { deliveryId: delivery.id },
      orderBy: { id: 'asc' },
    });
    expect(history.map((e) => e.kind)).toEqual(['queued', 'failed', 'sent']);
    expect(history[1]!.detail).toContain('node-a did not confirm');
  });

  it('retries with backoff, then keeps the notice as dead; a retry from the API sends it', async () => {
    const host = await backup();
    const context = node('node-a', poolA);
    receiver.answer = () => ({ status: 503, body: 'down for maintenance' });
    await fail(host.hostId);
    await dispatchDueAlerts(context);
    for (let attempt = 0; attempt < 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 260));
      await deliverDueAlerts(context);
    }
    const dead = await db.prisma.alertDelivery.findFirstOrThrow({
      where: { alert: { hostId: host.hostId } },
    });
    expect(dead).toMatchObject({ state: 'dead', attempts: 3 });
    expect(dead.lastError).toContain('HTTP 503');
    const page = await db.callerAs('viewer').alerts.deliveries({ state: ['dead'] });
    expect(page.deliveries.map((d) => d.id)).toContain(dead.id.toString());
    await expect(
      db.callerAs('operator').alerts.retryDelivery({ id: dead.id.toString() }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    receiver.answer = () => ({ status: 200, body: 'ok' });
    await db.callerAs('admin').alerts.retryDelivery({ id: dead.id.toString() });
    await deliverDueAlerts(context);
    const sent = await db.prisma.alertDelivery.findUniqueOrThrow({ where: { id: dead.id } });
    expect(sent.state).toBe('sent');
  });

  it('the hold-down: a condition that closes and re-opens before it has held is one alert, not yet sent', async () => {
    const host = await backup();
    const context = node('node-a', poolA, { holdDownMs: 60_000 });
    await fail(host.hostId);
    await passCheck(host.hostId);
    await fail(host.hostId);
    await pass(context);
    const alerts = await db.prisma.alert.findMany({ where: { hostId: host.hostId } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: 'open', triggeredAt: null });
    const history = await db.prisma.alertEvent.findMany({
      where: { alertId: alerts[0]!.id },
      orderBy: { id: 'asc' },
    });
    expect(history.map((e) => e.kind)).toEqual(['opened', 'closed', 'reopened']);
    expect(noticesFor(host.hostId)).toEqual([]);
  });

  it('fleet events: a revoked agent alerts at once and resolves when the host enrolls again; refusals fold per host key', async () => {
    const context = node('node-a', poolA, { holdDownMs: 60_000 });
    // Fleet events are not in the default rule: an admin routes them.
    await db.callerAs('admin').alerts.createRule({
      name: 'fleet events',
      conditions: ['agent-revoked', 'enrollment-failed'],
      allChannels: true,
    });
    const host = await backup();
    await revokeAgent(db.prisma, host.agentId, { id: 'admin-1', label: 'admin@standby.test' });
    await pass(context);
    await pass(context); // read once, whichever pass or node sees it first
    const revoked = await db.prisma.alert.findMany({
      where: { condition: 'agent-revoked', hostId: host.hostId },
    });
    expect(revoked).toHaveLength(1);
    expect(noticesFor(host.hostId).map((n) => [n.body.kind, n.body.condition])).toContainEqual([
      'trigger',
      'agent-revoked',
    ]);
    // Enrolling again, through the real service, closes it.
    const [hostname, application] = host.hostKey.split('/') as [string, string];
    const admin = { id: 'admin-1', label: 'admin@standby.test' };
    const token = await createEnrollmentToken(
      db.prisma,
      { label: null, expiresInHours: 1, maxUses: 5 },
      admin,
    );
    await enrollAgent(db.prisma, { token: token.token, hostKey: host.hostKey, hostname, application }, null);
    await pass(context);
    await pass(context);
    expect(
      noticesFor(host.hostId)
        .filter((n) => n.body.condition === 'agent-revoked')
        .map((n) => n.body.kind),
    ).toEqual(['trigger', 'resolve']);

    // Refused enrollments (a host that already has an agent, twice): one alert for the host key.
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(
        enrollAgent(db.prisma, { token: token.token, hostKey: host.hostKey, hostname, application }, null),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await pass(context);
    const refused = await db.prisma.alert.findMany({ where: { condition: 'enrollment-failed' } });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ subject: host.hostKey, state: 'open' });
    expect(refused[0]!.triggeredAt).not.toBeNull();
  });

  it('catching up: a stored verdict with no alert (stored before alerts existed) gets its alert', async () => {
    const host = await backup();
    await fail(host.hostId);
    await db.prisma.alert.deleteMany({ where: { hostId: host.hostId } });
    expect(await reconcileAlertConditions(node('node-a', poolA))).toBeGreaterThanOrEqual(1);
    const alerts = await db.prisma.alert.findMany({ where: { hostId: host.hostId } });
    expect(alerts.map((a) => [a.condition, a.state])).toEqual([['would-not-serve', 'open']]);
    expect(await reconcileAlertConditions(node('node-a', poolA))).toBe(0);
  });
});
