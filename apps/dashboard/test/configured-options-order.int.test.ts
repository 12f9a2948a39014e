import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentResult, bearerClient, browserClient, helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

const TIMEOUT = 'backup-init-check-timeout';
const HOST_KEY = 'order.test/SIPS_ORDER';

/** A finished check as an agent sends it, with the options file as read at `readAtMs` (null: not said). */
function resultReadAt(readAtMs: number | null, configured: Record<string, string>) {
  return agentResult({
    options: { 'backup-init-check': 'true', [TIMEOUT]: '15' },
    configuredOptions: configured,
    ...(readAtMs === null ? {} : { configuredOptionsReadAt: new Date(readAtMs).toISOString() }),
  });
}

// The options file reaches the dashboard three ways — hello, a change's ack, a check's result — which
// the dashboard processes in any order (results are batched). The configured values shown must be
// those of the latest read, or a change applied on the host is shown (and reverted, and rolled out)
// from the old values.
describe('configured options follow the latest read of the options file, whatever arrives first', {
  timeout: 60_000,
}, () => {
  let dashboard: TestDashboard;
  beforeAll(async () => {
    dashboard = await startTestDashboard();
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  const configured = async () =>
    (await dashboard.prisma.host.findUniqueOrThrow({ where: { key: HOST_KEY } })).configuredOptions as Record<
      string,
      string
    >;

  it('an older read (a result or a hello) processed after an ack never brings the old values back', async () => {
    const credential = await dashboard.agentCredential(HOST_KEY);
    const socket = rawAgentSocket(dashboard.url, credential, false);
    const agent = bearerClient(dashboard.url, credential);
    const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
    try {
      const t0 = Date.now() - 10_000;
      const before = { 'backup-init-check': 'true', [TIMEOUT]: '15' };
      const hello = { ...helloFor(HOST_KEY), configuredOptions: before, effectiveOptions: before };
      expect(
        (
          await socket
            .timeout(5_000)
            .emitWithAck('hello', { ...hello, configuredOptionsReadAt: new Date(t0).toISOString() })
        ).ok,
      ).toBe(true);
      const { id: hostId } = await dashboard.prisma.host.findUniqueOrThrow({ where: { key: HOST_KEY } });

      // The operator raises the timeout; the agent writes it and acks with the file read at t2.
      const { commandIds } = await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
        values: { [TIMEOUT]: '40' },
        confirmRestricted: true,
        reason: 'order test',
      });
      const after = { ...before, [TIMEOUT]: '40' };
      const t2 = Date.now() - 4_000;
      await agent.agent.ackCommand.mutate({
        commandId: commandIds[0]!,
        outcome: 'applied',
        reason: null,
        configuredOptions: after,
        configuredOptionsReadAt: new Date(t2).toISOString(),
      });
      expect((await configured())[TIMEOUT]).toBe('40');

      // A check that read the file at t1, before the write, finishes after the ack: its result is
      // stored (the host's status moves on) but its old file values are not.
      const stale = resultReadAt(t2 - 2_000, before);
      expect(await socket.timeout(5_000).emitWithAck('check:finished', { result: stale })).toMatchObject({
        ok: true,
      });
      const host = await dashboard.prisma.host.findUniqueOrThrow({ where: { key: HOST_KEY } });
      expect(host.lastRunId).toBe(stale.runId);
      expect((host.configuredOptions as Record<string, string>)[TIMEOUT]).toBe('40');

      // A hello built from a look at the file before the write: not news, and not an "outside" change.
      expect(
        (
          await socket
            .timeout(5_000)
            .emitWithAck('hello', { ...hello, configuredOptionsReadAt: new Date(t2 - 1_000).toISOString() })
        ).ok,
      ).toBe(true);
      expect((await configured())[TIMEOUT]).toBe('40');
      expect(await dashboard.prisma.optionChange.count({ where: { hostId, source: 'outside' } })).toBe(0);

      // A later read wins: someone edited the file by hand to 60 after the change.
      const edited = { ...before, [TIMEOUT]: '60' };
      expect(
        await socket
          .timeout(5_000)
          .emitWithAck('check:finished', { result: resultReadAt(Date.now() - 1_000, edited) }),
      ).toMatchObject({ ok: true });
      expect((await configured())[TIMEOUT]).toBe('60');

      // An agent that does not say when it read the file (older versions) is taken as before.
      expect(
        await socket
          .timeout(5_000)
          .emitWithAck('check:finished', { result: resultReadAt(null, { ...before, [TIMEOUT]: '30' }) }),
      ).toMatchObject({ ok: true });
      expect((await configured())[TIMEOUT]).toBe('30');

      // A read hours behind the stored one is an agent clock set back, not an old read: it wins.
      expect(
        await socket.timeout(5_000).emitWithAck('check:finished', {
          result: resultReadAt(Date.now() - 1_000, { ...before, [TIMEOUT]: '45' }),
        }),
      ).toMatchObject({ ok: true });
      expect(
        await socket.timeout(5_000).emitWithAck('check:finished', {
          result: resultReadAt(Date.now() - 4 * 3_600_000, { ...before, [TIMEOUT]: '20' }),
        }),
      ).toMatchObject({ ok: true });
      expect((await configured())[TIMEOUT]).toBe('20');
    } finally {
      socket.close();
    }
  });
});
