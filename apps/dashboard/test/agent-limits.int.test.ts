import { randomUUID } from 'node:crypto';
import { type TAck, wireTransformer } from '@standby/protocol';
import { buildSyntheticResult } from '@standby/simulator/load';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENT_EVENT_LIMITS } from '../src/server/agent-event-limits';
import { helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

async function helloed(url: string, credential: string, hostKey: string): Promise<Socket> {
  const socket = rawAgentSocket(url, credential, false);
  await connected(socket);
  const ack: TAck<unknown> = await socket.timeout(10_000).emitWithAck('hello', helloFor(hostKey));
  if (!ack.ok) throw new Error(`hello refused: ${ack.error.message}`);
  return socket;
}

/** agent.enroll over HTTP as an agent calls it; `address` goes through a trusted proxy header. */
async function enroll(url: string, token: string, hostKey: string, address?: string) {
  const [hostname = hostKey, application = hostKey] = hostKey.split('/');
  const response = await fetch(`${url}/api/trpc/agent.enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(address ? { 'x-forwarded-for': address } : {}) },
    body: JSON.stringify(wireTransformer.serialize({ token, hostKey, hostname, application })),
  });
  // Errors travel through the wire transformer: `{ error: { json: { message, data } } }`.
  const body = (await response.json()) as { error?: { json: { message: string; data: { code: string } } } };
  const error = body.error?.json;
  return { status: response.status, code: error?.data.code, message: error?.message };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

// Rate limits on the public enrollment (shared by every node through PostgreSQL) and on agent
// socket events (per credential), with the figures of a flood.
describe('agent limits', { timeout: 240_000 }, () => {
  let dashboard: TestDashboard;

  beforeAll(async () => {
    dashboard = await startTestDashboard({ trustedProxies: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  it('default enrollment limits let a fleet enroll at once with one token from one address', async () => {
    const token = await dashboard.enrollmentToken(40);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        enroll(dashboard.url, token, `fleet-${index}.test/FLEET_${index}`),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
  });

  describe('with small enrollment limits on two nodes of one database', () => {
    let nodeA: TestDashboard;
    let nodeB: TestDashboard;
    beforeAll(async () => {
      const enrollLimits = {
        perAddress: { limit: 4, windowMs: 60_000 },
        perToken: { limit: 6, windowMs: 60_000 },
      };
      // Each node alone would let an agent reconnect 100 times: what stops it is the shared budget.
      const agentEventLimits = { ...DEFAULT_AGENT_EVENT_LIMITS, connects: { burst: 100, perMinute: 100 } };
      nodeA = await startTestDashboard({ trustedProxies: ['127.0.0.1'], enrollLimits, agentEventLimits });
      nodeB = await startTestDashboard({
        databaseUrl: nodeA.databaseUrl,
        trustedProxies: ['127.0.0.1'],
        enrollLimits,
        agentEventLimits,
      });
    });
    afterAll(async () => {
      await nodeB?.dispose();
      await nodeA?.dispose();
    });

    it('refuses TOO_MANY_REQUESTS (429) per address, counted across nodes, naming the limit', async () => {
      const token = await nodeA.enrollmentToken(100);
      const address = '203.0.113.7';
      const answers = [];
      // Alternating nodes: the budget is one, in PostgreSQL.
      for (let index = 0; index < 5; index++)
        answers.push(await enroll(index % 2 ? nodeB.url : nodeA.url, token, `addr-${index}.test/A`, address));
      expect(answers.slice(0, 4).map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(answers[4]).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      expect(answers[4]?.message).toMatch(
        /Too many enrollments from this address: the limit is 4 per minute/,
      );
      // Another address still enrolls (until the token's own budget is spent).
      expect((await enroll(nodeB.url, token, 'addr-other.test/A', '198.51.100.1')).status).toBe(200);
    });

    it('counts an agent’s connections across nodes: hopping between them gains no fresh budget', async () => {
      const credential = await nodeA.agentCredential('hop.test/H');
      const outcomes: string[] = [];
      for (let index = 0; index < 31; index++) {
        const socket = rawAgentSocket(index % 2 ? nodeB.url : nodeA.url, credential, false);
        outcomes.push(
          await connected(socket).then(
            () => 'connected',
            (error: Error) => error.message,
          ),
        );
        socket.disconnect();
      }
      expect(outcomes.slice(0, 30)).toEqual(Array(30).fill('connected'));
      expect(outcomes[30]).toMatch(
        /^TOO_MANY_REQUESTS: Too many connections of this agent: the limit is 30 per minute/,
      );
    });

    it('refuses TOO_MANY_REQUESTS per token, whatever the address; a bad token counts too', async () => {
      const token = await nodeA.enrollmentToken(100);
      const statuses = [];
      for (let index = 0; index < 7; index++)
        statuses.push(
          (
            await enroll(
              index % 2 ? nodeB.url : nodeA.url,
              token,
              `tok-${index}.test/T`,
              `192.0.2.${index + 1}`,
            )
          ).status,
        );
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
      const guessed = `sbe_${randomUUID()}`;
      const guesses = [];
      for (let index = 0; index < 7; index++)
        guesses.push((await enroll(nodeA.url, guessed, 'guess.test/G', `192.0.2.${100 + index}`)).code);
      expect(guesses).toEqual([...Array(6).fill('FORBIDDEN'), 'TOO_MANY_REQUESTS']);
    });
  });

  it('refuses events over a credential budget with TOO_MANY_REQUESTS, then cuts a socket that keeps flooding', async () => {
    const hostKey = 'burst.test/BURST';
    const socket = await helloed(dashboard.url, await dashboard.agentCredential(hostKey), hostKey);
    const serverError = new Promise<{ code: string }>((resolve) => socket.once('server:error', resolve));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const acks: TAck<unknown>[] = [];
    // The budget allows 10 hellos at once (one was spent above), then about one every 3 s.
    for (let index = 0; index < 12; index++)
      acks.push(await socket.timeout(10_000).emitWithAck('hello', helloFor(hostKey)));
    expect(acks.slice(0, 9).every((ack) => ack.ok)).toBe(true);
    const refusedAcks = acks.filter((ack) => !ack.ok);
    expect(refusedAcks.length).toBeGreaterThanOrEqual(2); // a refill of one every 3 s at most
    expect(refusedAcks[0]).toMatchObject({
      ok: false,
      error: {
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/^hello: over the limit of 20 per minute/),
      },
    });
    for (let index = 0; index < 100; index++) socket.emit('hello', helloFor(hostKey));
    expect((await serverError).code).toBe('TOO_MANY_REQUESTS');
    expect(await closed).toBe('io server disconnect');
  });

  it('one agent flooding does not hold up the others (figures printed)', async () => {
    const others = await Promise.all(
      Array.from({ length: 5 }, async (_, index) => {
        const hostKey = `calm-${index}.test/CALM_${index}`;
        return helloed(dashboard.url, await dashboard.agentCredential(hostKey), hostKey);
      }),
    );
    let sequence = 0;
    /** Each calm agent delivers `count` results one at a time, as the agent's spool does. */
    const deliver = async (count: number) => {
      const latencies: number[] = [];
      const outcomes = await Promise.all(
        others.map(async (socket) => {
          const acked: boolean[] = [];
          for (let index = 0; index < count; index++) {
            const result = buildSyntheticResult(Date.now() - 1_000, sequence++);
            const started = performance.now();
            const ack: TAck<{ stored: boolean }> = await socket
              .timeout(15_000)
              .emitWithAck('check:finished', { result });
            latencies.push(performance.now() - started);
            acked.push(ack.ok && ack.data.stored);
          }
          return acked;
        }),
      );
      return { latencies, allStored: outcomes.flat().every(Boolean) };
    };
    /** /api/health every 50 ms while `during` runs. */
    const sampleHealth = async <T>(during: Promise<T>) => {
      const samples: { status: number; ms: number }[] = [];
      let done = false;
      const settled = during.finally(() => {
        done = true;
      });
      while (!done) {
        const started = performance.now();
        const status = await fetch(`${dashboard.url}/api/health`).then((response) => response.status);
        samples.push({ status, ms: performance.now() - started });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { value: await settled, samples };
    };

    const quiet = await sampleHealth(deliver(20));

    const flooderKey = 'flood.test/FLOOD';
    const flooder = await helloed(dashboard.url, await dashboard.agentCredential(flooderKey), flooderKey);
    const flooderCut = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
    let refused = 0;
    const hellos = Array.from({ length: 1_500 }, () =>
      flooder
        .timeout(20_000)
        .emitWithAck('hello', helloFor(flooderKey))
        .then(
          (ack: TAck<unknown>) => {
            if (!ack.ok && ack.error.code === 'TOO_MANY_REQUESTS') refused++;
          },
          () => {}, // cut off before its answer
        ),
    );
    const runId = randomUUID();
    for (let index = 0; index < 5_000; index++)
      flooder.emit('check:progress', { runId, name: 't-controller', state: 'ready', readyAfterMs: 10 });
    const flooded = await sampleHealth(deliver(20));
    await Promise.all(hellos);

    const report = (label: string, run: typeof quiet) =>
      `${label}: others' acks p50 ${ms(percentile(run.value.latencies, 50))}, p99 ${ms(percentile(run.value.latencies, 99))}, max ${ms(Math.max(...run.value.latencies))} (${run.value.latencies.length} results); /api/health p50 ${ms(
        percentile(
          run.samples.map((s) => s.ms),
          50,
        ),
      )}, max ${ms(Math.max(...run.samples.map((s) => s.ms)))} (${run.samples.length} probes)`;
    console.log(`[flood] ${report('without flood', quiet)}`);
    console.log(`[flood] ${report('during flood (1,500 hellos + 5,000 progress)', flooded)}`);
    console.log(`[flood] flooder: ${refused} hellos refused TOO_MANY_REQUESTS, then disconnected`);

    expect(quiet.value.allStored).toBe(true);
    expect(flooded.value.allStored).toBe(true);
    expect([...quiet.samples, ...flooded.samples].every((sample) => sample.status === 200)).toBe(true);
    expect(refused).toBeGreaterThan(0);
    expect(await flooderCut).toBe('io server disconnect');
    // The hellos that reached the database are bounded by the budget, not by the flood.
    const host = await dashboard.prisma.host.findUniqueOrThrow({ where: { key: flooderKey } });
    expect(host.lastSeenAt).not.toBeNull();
    for (const socket of others) socket.close();
  });
});
