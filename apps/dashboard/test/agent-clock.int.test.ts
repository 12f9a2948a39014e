import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentResult, helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const MINUTE = 60_000;
const DAY = 86_400_000;

function resultAt(finishedMs: number, status: 'RUNNING' | 'SERVICE_UNAVAILABLE') {
  const ready = status === 'RUNNING';
  return agentResult({
    status,
    startedAt: new Date(finishedMs - 500).toISOString(),
    finishedAt: new Date(finishedMs).toISOString(),
    components: [
      {
        name: 'smart-proxy',
        state: ready ? 'ready' : 'timeout',
        readyAfterMs: ready ? 100 : null,
        detail: null,
      },
    ],
  });
}

describe('agent times judged against the dashboard clock (rule agent-clock-skew)', {
  timeout: 90_000,
}, () => {
  let dashboard: TestDashboard;
  beforeAll(async () => {
    dashboard = await startTestDashboard();
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  const hostOf = (hostname: string) => dashboard.prisma.host.findFirstOrThrow({ where: { hostname } });
  const findingCodes = async (hostname: string) =>
    ((await hostOf(hostname)).lastFindings as { code: string }[]).map((f) => f.code);

  it('refuses a result from the future with a clock-skew finding, and a later normal result shows', async () => {
    const socket = rawAgentSocket(
      dashboard.url,
      await dashboard.agentCredential('clock.test/SIPS_CLOCK'),
      false,
    );
    try {
      expect((await socket.timeout(5_000).emitWithAck('hello', helloFor('clock.test/SIPS_CLOCK'))).ok).toBe(
        true,
      );

      // RUNNING, dated a day ahead: refused, the field named; the host gets the finding.
      const future = resultAt(Date.now() + DAY, 'RUNNING');
      const refused = await socket.timeout(5_000).emitWithAck('check:finished', { result: future });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(refused.ok ? '' : refused.error.message).toMatch(
        /^result\.finishedAt: .* ahead of the dashboard's clock/,
      );
      expect(await dashboard.prisma.checkRun.count({ where: { id: future.runId } })).toBe(0);
      await waitFor(
        async () => ((await findingCodes('clock.test')).includes('agent-clock-skew') ? true : undefined),
        'the clock-skew finding',
      );

      // The clock is fixed: a normal SERVICE_UNAVAILABLE is stored and shown; the finding goes.
      const failing = resultAt(Date.now() - 1_000, 'SERVICE_UNAVAILABLE');
      expect(await socket.timeout(5_000).emitWithAck('check:finished', { result: failing })).toMatchObject({
        ok: true,
      });
      const host = await hostOf('clock.test');
      expect(host.status).toBe('SERVICE_UNAVAILABLE');
      expect(host.verdict).toBe('would-not-serve');
      expect(await findingCodes('clock.test')).not.toContain('agent-clock-skew');

      // Too old to store: refused too (the agent quarantines it).
      const ancient = await socket
        .timeout(5_000)
        .emitWithAck('check:finished', { result: resultAt(Date.now() - 31 * DAY, 'RUNNING') });
      expect(ancient).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(ancient.ok ? '' : ancient.error.message).toMatch(/^result\.finishedAt: .* older than 30 days/);
    } finally {
      socket.close();
    }
  });

  it('a clock ahead within the allowance cannot hold a host on an old state', async () => {
    const socket = rawAgentSocket(
      dashboard.url,
      await dashboard.agentCredential('ahead.test/SIPS_AHEAD'),
      false,
    );
    try {
      expect((await socket.timeout(5_000).emitWithAck('hello', helloFor('ahead.test/SIPS_AHEAD'))).ok).toBe(
        true,
      );
      // Four minutes ahead: accepted (within five), and measured as skew.
      const ahead = resultAt(Date.now() + 4 * MINUTE, 'RUNNING');
      expect(await socket.timeout(5_000).emitWithAck('check:finished', { result: ahead })).toMatchObject({
        ok: true,
      });
      expect((await hostOf('ahead.test')).status).toBe('RUNNING');
      expect(await findingCodes('ahead.test')).toContain('agent-clock-skew');
      expect((await hostOf('ahead.test')).lastCheckAt!.getTime()).toBeLessThanOrEqual(Date.now());
      // The clock is corrected: the next result "finished before" the last one, yet it came later.
      const failing = resultAt(Date.now() - 1_000, 'SERVICE_UNAVAILABLE');
      expect(await socket.timeout(5_000).emitWithAck('check:finished', { result: failing })).toMatchObject({
        ok: true,
      });
      const host = await hostOf('ahead.test');
      expect(host.status).toBe('SERVICE_UNAVAILABLE');
      expect(host.lastRunId).toBe(failing.runId);
      // A late replay of an older run still never moves the host back.
      const replay = resultAt(Date.now() - 10 * MINUTE, 'RUNNING');
      expect(
        await socket.timeout(5_000).emitWithAck('check:finished', { result: replay, replayed: true }),
      ).toMatchObject({ ok: true });
      expect((await hostOf('ahead.test')).lastRunId).toBe(failing.runId);
    } finally {
      socket.close();
    }
  });

  it('a host frozen by a 9999 time stored before this rule moves on with the next result', async () => {
    const socket = rawAgentSocket(
      dashboard.url,
      await dashboard.agentCredential('legacy.test/SIPS_LEGACY'),
      false,
    );
    try {
      expect((await socket.timeout(5_000).emitWithAck('hello', helloFor('legacy.test/SIPS_LEGACY'))).ok).toBe(
        true,
      );
      const running = resultAt(Date.now() - 2_000, 'RUNNING');
      expect(await socket.timeout(5_000).emitWithAck('check:finished', { result: running })).toMatchObject({
        ok: true,
      });
      // What an earlier version stored for a result dated 9999-12-31.
      await dashboard.prisma.host.updateMany({
        where: { hostname: 'legacy.test' },
        data: { lastCheckAt: new Date('9999-12-31T00:00:00.000Z') },
      });
      const failing = resultAt(Date.now() - 1_000, 'SERVICE_UNAVAILABLE');
      expect(await socket.timeout(5_000).emitWithAck('check:finished', { result: failing })).toMatchObject({
        ok: true,
      });
      expect((await hostOf('legacy.test')).status).toBe('SERVICE_UNAVAILABLE');
    } finally {
      socket.close();
    }
  });

  it("measures the skew from each hello's sentAt (optional: older agents send none)", async () => {
    const socket = rawAgentSocket(
      dashboard.url,
      await dashboard.agentCredential('behind.test/SIPS_BEHIND'),
      false,
    );
    try {
      const hello = helloFor('behind.test/SIPS_BEHIND');
      const behind = { ...hello, sentAt: new Date(Date.now() - 10 * MINUTE).toISOString() };
      expect((await socket.timeout(5_000).emitWithAck('hello', behind)).ok).toBe(true);
      await waitFor(
        async () => ((await findingCodes('behind.test')).includes('agent-clock-skew') ? true : undefined),
        'the clock-skew finding from the hello',
      );
      const message = (
        (await hostOf('behind.test')).lastFindings as { code: string; message: string }[]
      ).find((f) => f.code === 'agent-clock-skew')?.message;
      expect(message).toMatch(/10 min behind/);
      // Synchronized: the next hello clears it.
      expect(
        (await socket.timeout(5_000).emitWithAck('hello', { ...hello, sentAt: new Date().toISOString() })).ok,
      ).toBe(true);
      await waitFor(
        async () => ((await findingCodes('behind.test')).includes('agent-clock-skew') ? undefined : true),
        'the finding cleared',
      );
    } finally {
      socket.close();
    }
  });
});
