import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reapDeadNodes, sweepDueVerdicts } from '../src/services/node-lease';
import { markAgentDisconnected } from '../src/services/register-agent-host';
import {
  checkResult,
  enrolledAgent,
  ingest,
  sayHello,
  startTestDatabase,
  type TestDatabase,
} from './test-database';

// The verdict through time, with the real services: hello (registerAgentHost and its fact changes),
// ingest, disconnects, node leases and the sweeper. Time passes for real where it matters.

describe('the verdict through time on a real PostgreSQL', { timeout: 30_000 }, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const hostRow = (id: string) => db.prisma.host.findUniqueOrThrow({ where: { id } });

  it('a backup that would serve becomes unknown when its agent disconnects', async () => {
    const agent = await enrolledAgent(db, 'sipdisc/SIPS');
    await sayHello(db, agent, {}, 'node-a/s1');
    await ingest(db, agent.hostId, [checkResult()]);
    expect(await hostRow(agent.hostId)).toMatchObject({ verdict: 'would-serve', displayStatus: 'RUNNING' });

    // A stale disconnect of an older connection changes nothing.
    expect(await markAgentDisconnected(db.prisma, agent.hostId, 'node-a/old')).toEqual([]);
    expect((await hostRow(agent.hostId)).verdict).toBe('would-serve');

    expect(await markAgentDisconnected(db.prisma, agent.hostId, 'node-a/s1')).toContain(agent.hostId);
    const after = await hostRow(agent.hostId);
    expect(after).toMatchObject({
      verdict: 'unknown',
      verdictCause: 'agent-disconnected',
      displayStatus: 'UNKNOWN',
      findingsWarning: 1,
    });
    expect(after.verdictReason).toMatch(/no data since/);
    expect(after.lastFindings).toEqual([expect.objectContaining({ code: 'agent-not-connected' })]);
  });

  it('a connected host whose data goes stale becomes unknown by the sweeper', async () => {
    const agent = await enrolledAgent(db, 'sipstale/SIPS');
    // Checks every second with the shortest timeout the option allows (15 s): silent for 3 × 1 + 15 s
    // after its last news (the hello) is stale — an 18 s wait, kept because it is the real rule.
    await sayHello(db, agent, { intervalSec: 1 });
    await ingest(db, agent.hostId, [
      checkResult({ timeoutSec: 15, durationMs: 10, startedAt: new Date(Date.now() - 10) }),
    ]);
    const fresh = await hostRow(agent.hostId);
    expect(fresh).toMatchObject({ verdict: 'would-serve', displayStatus: 'RUNNING' });
    expect(fresh.staleAt).not.toBeNull();
    expect(fresh.reevaluateAt).toEqual(fresh.staleAt);
    expect(await sweepDueVerdicts(db.pool)).not.toContain(agent.hostId);

    await new Promise((resolve) => setTimeout(resolve, fresh.staleAt!.getTime() - Date.now() + 300));
    expect(await sweepDueVerdicts(db.pool)).toContain(agent.hostId);
    const stale = await hostRow(agent.hostId);
    expect(stale).toMatchObject({ verdict: 'unknown', verdictCause: 'no-data', displayStatus: 'UNKNOWN' });
    expect((stale.lastFindings as { code: string }[]).map((f) => f.code)).toContain('no-recent-data');
    expect((await db.prisma.agent.findUniqueOrThrow({ where: { hostId: agent.hostId } })).connected).toBe(
      true,
    );
    // Nothing more is due for it until news arrives.
    expect(stale.reevaluateAt).toBeNull();
    expect(await sweepDueVerdicts(db.pool)).not.toContain(agent.hostId);
  });

  it('the agents of a dashboard node whose lease ran out are released and their hosts turn unknown', async () => {
    await db.prisma.dashboardNode.create({
      data: { id: 'dead-node', heartbeatAt: new Date(Date.now() - 10 * 60_000) },
    });
    await db.prisma.dashboardNode.create({ data: { id: 'live-node', heartbeatAt: new Date() } });
    const orphan = await enrolledAgent(db, 'siporphan/SIPS');
    const kept = await enrolledAgent(db, 'sipkept/SIPS');
    await sayHello(db, orphan, {}, 'dead-node/s1');
    await sayHello(db, kept, {}, 'live-node/s2');
    await ingest(db, orphan.hostId, [checkResult()]);
    await ingest(db, kept.hostId, [checkResult()]);

    const evaluated = await reapDeadNodes(db.pool);
    expect(evaluated).toContain(orphan.hostId);
    expect(evaluated).not.toContain(kept.hostId);
    expect((await db.prisma.agent.findUniqueOrThrow({ where: { hostId: orphan.hostId } })).connected).toBe(
      false,
    );
    expect(await hostRow(orphan.hostId)).toMatchObject({
      verdict: 'unknown',
      verdictCause: 'agent-disconnected',
    });
    expect(await hostRow(kept.hostId)).toMatchObject({ verdict: 'would-serve' });
    expect(await db.prisma.dashboardNode.findUnique({ where: { id: 'dead-node' } })).toBeNull();
  });

  it('a switchover is recorded, and a backup whose last check predates it is not verified', async () => {
    const agent = await enrolledAgent(db, 'sipswitch/SIPS');
    await sayHello(db, agent, { mode: 'backup' });
    await ingest(db, agent.hostId, [
      checkResult({ startedAt: new Date(Date.now() - 1_000), durationMs: 500 }),
    ]);
    expect((await hostRow(agent.hostId)).verdict).toBe('would-serve');

    await sayHello(db, agent, { mode: 'primary' });
    expect(await hostRow(agent.hostId)).toMatchObject({ mode: 'primary', verdict: 'primary' });
    await sayHello(db, agent, { mode: 'backup' });
    const host = await hostRow(agent.hostId);
    expect(host.becameBackupAt).not.toBeNull();
    expect(host).toMatchObject({ verdict: 'not-verified', verdictCause: 'no-check-since-start' });
    expect(host.verdictReason).toMatch(/becoming backup/);

    const events = await db.prisma.hostEvent.findMany({
      where: { hostId: agent.hostId },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.kind, e.before, e.after])).toEqual([
      ['switchover', { mode: 'backup' }, { mode: 'primary' }],
      ['switchover', { mode: 'primary' }, { mode: 'backup' }],
    ]);
    const audit = await db.prisma.auditEvent.findMany({
      where: { targetId: agent.hostId, action: 'host.switchover' },
    });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorType: 'agent', actorId: agent.agentId, actorLabel: agent.hostKey });
    const { events: listed } = await db.callerAs('viewer').host.events({ hostId: agent.hostId });
    expect(listed.map((e) => e.kind)).toEqual(expect.arrayContaining(['switchover']));

    // A check after the switchover verifies it again.
    await ingest(db, agent.hostId, [checkResult({ trigger: 'role-change' })]);
    expect((await hostRow(agent.hostId)).verdict).toBe('would-serve');
  });

  it('an options file changed outside Standby is recorded and supersedes the open Standby change', async () => {
    const agent = await enrolledAgent(db, 'sipoutside/SIPS');
    const options = { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' };
    await sayHello(db, agent, { configuredOptions: options, effectiveOptions: options });
    const ours = await db.prisma.optionChange.create({
      data: {
        hostId: agent.hostId,
        option: 'backup-init-check-timeout',
        oldValue: '15',
        newValue: '60',
        actorId: 'u-op',
        state: 'delivered',
      },
    });
    const edited = { ...options, 'backup-init-check-timeout': '30' };
    await sayHello(db, agent, { configuredOptions: edited, effectiveOptions: options });

    const outside = await db.prisma.optionChange.findMany({
      where: { hostId: agent.hostId, source: 'outside' },
    });
    expect(outside).toEqual([
      expect.objectContaining({
        option: 'backup-init-check-timeout',
        oldValue: '15',
        newValue: '30',
        commandId: null,
        state: 'pending-restart',
      }),
    ]);
    expect(await db.prisma.optionChange.findUniqueOrThrow({ where: { id: ours.id } })).toMatchObject({
      state: 'superseded',
    });
    const events = await db.prisma.hostEvent.findMany({
      where: { hostId: agent.hostId, kind: 'outside-change' },
    });
    expect(events.map((e) => [e.before, e.after])).toEqual([
      [{ 'backup-init-check-timeout': '15' }, { 'backup-init-check-timeout': '30' }],
    ]);
    expect(
      await db.prisma.auditEvent.findMany({
        where: { targetId: agent.hostId, action: 'host.outside-change' },
      }),
    ).toEqual([expect.objectContaining({ actorType: 'system', actorLabel: 'outside Standby' })]);
    expect(await hostRow(agent.hostId)).toMatchObject({ pendingRestart: true });

    const { changes } = await db.callerAs('viewer').changes.list({ hostId: agent.hostId });
    expect(changes.find((c) => c.source === 'outside')).toMatchObject({ newValue: '30', commandId: null });
  });

  it('stores a result without serverStartedAt for a host with a pending restart, which stays pending', async () => {
    const agent = await enrolledAgent(db, 'sippending/SIPS');
    await sayHello(db, agent);
    await db.prisma.host.update({
      where: { id: agent.hostId },
      data: { pendingRestart: true, pendingSince: new Date(Date.now() - 60_000) },
    });
    // An interval check of the running server; the agent cannot tell when the server started.
    const result = checkResult({ trigger: 'interval', serverStartedAt: null });
    const { stored } = await ingest(db, agent.hostId, [result]);
    expect(stored).toEqual([true]);
    expect(await hostRow(agent.hostId)).toMatchObject({ pendingRestart: true, lastRunId: result.runId });
  });
});
