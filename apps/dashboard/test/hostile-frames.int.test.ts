import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentResult, helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

type RawAck = { ok: boolean; error?: { code: string; message: string } };

const EVENTS = ['hello', 'check:started', 'check:progress', 'check:late', 'check:finished'] as const;
const LEVELS = 200_000;

describe('hostile agent frames: refused at the edge, never a process-level crash', {
  timeout: 120_000,
}, () => {
  let dashboard: TestDashboard;
  const escaped: string[] = [];
  const onUncaught = (error: Error) => escaped.push(`uncaughtException: ${error.message}`);
  const onUnhandled = (reason: unknown) => escaped.push(`unhandledRejection: ${String(reason)}`);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUnhandled);
    // Generous budgets: this test is about what each frame does, not about the rate limits.
    const lots = { burst: 10_000, perMinute: 100_000 };
    dashboard = await startTestDashboard({
      agentEventLimits: {
        events: {
          hello: lots,
          'check:started': lots,
          'check:progress': lots,
          'check:late': lots,
          'check:finished': lots,
        },
        refusals: lots,
        connects: lots,
      },
    });
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUnhandled);
    await dashboard?.dispose();
  });

  it('answers every hostile frame with a named refusal, and another agent and /api/health stay fine', async () => {
    const hostile = rawAgentSocket(
      dashboard.url,
      await dashboard.agentCredential('evil.test/SIPS_EVIL'),
      false,
    );
    const good = rawAgentSocket(dashboard.url, await dashboard.agentCredential('good.test/SIPS_GOOD'), false);
    try {
      expect((await good.timeout(5_000).emitWithAck('hello', helloFor('good.test/SIPS_GOOD'))).ok).toBe(true);
      expect((await hostile.timeout(5_000).emitWithAck('hello', helloFor('evil.test/SIPS_EVIL'))).ok).toBe(
        true,
      );

      // Frames JSON.stringify cannot even build go out raw: socket.io packet text on the engine.io link.
      const rawAcks = new Map<number, (ack: RawAck) => void>();
      hostile.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
        const match = typeof packet.data === 'string' ? /^3\/agent,(\d+)(.*)$/s.exec(packet.data) : null;
        if (match) rawAcks.get(Number(match[1]))?.((JSON.parse(match[2]!) as RawAck[])[0]!);
      });
      let nextAckId = 1_000_000;
      const sendRaw = (event: string, payloadJson: string, withAck: boolean) => {
        const id = nextAckId++;
        const answered = withAck
          ? new Promise<RawAck>((resolve, reject) => {
              rawAcks.set(id, resolve);
              setTimeout(() => reject(new Error(`no ack for raw ${event}`)), 10_000);
            })
          : undefined;
        hostile.io.engine.write(
          `2/agent,${withAck ? id : ''}${JSON.stringify([event]).slice(0, -1)},${payloadJson}]`,
        );
        return answered;
      };

      const deep = `${'['.repeat(LEVELS)}1${']'.repeat(LEVELS)}`;
      expect(deep.length).toBeGreaterThan(400_000);
      for (const event of EVENTS) {
        const answer = sendRaw(event, deep, true);
        if (event === 'hello' || event === 'check:late' || event === 'check:finished') {
          const ack = await answer!;
          expect(ack.ok, event).toBe(false);
          expect(ack.error?.code).toBe('BAD_REQUEST');
          expect(ack.error?.message).toMatch(new RegExp(`^${event}: payload nested deeper than 32 levels`));
        }
        // Deep inside an object, and without an ack callback.
        sendRaw(event, `{"result":${deep}}`, false);
      }

      const refusal = async (event: (typeof EVENTS)[number], payload: unknown) => {
        const ack = (await hostile.timeout(5_000).emitWithAck(event, payload)) as RawAck;
        expect(ack.ok).toBe(false);
        return ack.error!;
      };
      // Not objects at all.
      for (const payload of [42, 'text', null, [], true])
        expect((await refusal('hello', payload)).code).toBe('BAD_REQUEST');
      // A huge string: refused by size before it is parsed.
      expect(
        await refusal('hello', { ...helloFor('evil.test/SIPS_EVIL'), hostname: 'x'.repeat(900_000) }),
      ).toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
      });
      // NUL bytes and lone surrogates, wherever they are: the field is named.
      expect(
        await refusal('hello', { ...helloFor('evil.test/SIPS_EVIL'), hostname: 'evil\u0000.test' }),
      ).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/^hello: hostname: contains a NUL character/),
      });
      expect(
        await refusal('hello', {
          ...helloFor('evil.test/SIPS_EVIL'),
          configuredOptions: { 'sip-address': 'a\ud800b' },
        }),
      ).toMatchObject({
        message: expect.stringMatching(/configuredOptions\.sip-address: contains a lone UTF-16 surrogate/),
      });
      const poison = [
        [
          { components: [{ name: 'smart-proxy', state: 'ready', readyAfterMs: 1, detail: 'x\u0000' }] },
          /result\.components\.0\.detail: contains a NUL/,
        ],
        [
          { findings: [{ code: 'x', severity: 'info', message: '\udc00' }] },
          /result\.findings\.0\.message: contains a lone UTF-16 surrogate/,
        ],
        [
          {
            components: ['smart-proxy', 'smart-proxy', 'smart-proxy', 'smart-proxy'].map((name) => ({
              name,
              state: 'ready',
              readyAfterMs: 1,
              detail: null,
            })),
          },
          /result\.components: component "smart-proxy" is listed more than once/,
        ],
        [{ startedAt: '0001-01-01T00:00:00.000Z' }, /result\.startedAt: must be between 2000 and 2100/],
        [{ finishedAt: '9999-12-31T23:59:59.000Z' }, /result\.finishedAt: must be between 2000 and 2100/],
        [{ options: { 'k\u0000': 'v' } }, /result\.options/],
      ] as const;
      for (const [overrides, message] of poison) {
        const error = await refusal('check:finished', { result: agentResult(overrides) });
        expect(error.code).toBe('BAD_REQUEST');
        expect(error.message).toMatch(message);
      }
      expect(
        await refusal('check:late', {
          runId: randomUUID(),
          components: [
            { name: 'smart-proxy', readyAfterMs: 1 },
            { name: 'smart-proxy', readyAfterMs: 2 },
          ],
        }),
      ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/listed more than once/) });
      // Events without an ack callback, and a hello with a far-future start, do no harm.
      hostile.emit('check:finished', { result: agentResult({ version: 'x\u0000' }) });
      hostile.emit('check:started', {
        runId: randomUUID(),
        startedAt: '9999-01-01T00:00:00Z',
        timeoutSec: 15,
      });
      hostile.emit('check:progress', { runId: 'nope', name: 'x', state: 'ready', readyAfterMs: -1 });

      // Meanwhile, a well-behaved agent's result is stored and acked promptly.
      const sentAt = Date.now();
      const result = agentResult();
      const stored = await good.timeout(5_000).emitWithAck('check:finished', { result });
      expect(stored).toEqual({ ok: true, data: { runId: result.runId, stored: true } });
      expect(Date.now() - sentAt).toBeLessThan(2_000);
      const health = await fetch(`${dashboard.url}/api/health`);
      expect(health.status).toBe(200);
      // The hostile socket is still answered (nothing in the server broke on its frames).
      expect((await hostile.timeout(5_000).emitWithAck('hello', helloFor('evil.test/SIPS_EVIL'))).ok).toBe(
        true,
      );
      // Nothing poisonous was stored.
      const evilRuns = await dashboard.prisma.checkRun.count({ where: { host: { hostname: 'evil.test' } } });
      expect(evilRuns).toBe(0);
      await waitFor(async () => (escaped.length === 0 ? true : undefined), 'no escaped error', 1_000);
      expect(escaped).toEqual([]);
    } finally {
      hostile.close();
      good.close();
    }
  });
});
