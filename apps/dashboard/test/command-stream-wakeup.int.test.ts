import { type TAgentCommand, wireTransformer } from '@standby/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerClient, browserClient } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

/** Well under the streams' 15 s fallback poll: a command must arrive on the NOTIFY wake-up. */
const WAKE_UP_LIMIT_MS = 3_000;

/**
 * An agent's command stream, read over the wire as the agent's EventSource does (Server-Sent
 * Events from `agent.commands`), so the test sees exactly what an agent receives and when.
 */
class RawCommandStream {
  readonly received: { id: string; command: TAgentCommand; at: number }[] = [];
  readonly errors: string[] = [];
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private done: Promise<void> = Promise.resolve();

  static async open(url: string, credential: string, lastEventId?: string): Promise<RawCommandStream> {
    const stream = new RawCommandStream();
    const input =
      lastEventId === undefined ? '' : `?input=${encodeURIComponent(encodeInput({ lastEventId }))}`;
    const response = await fetch(`${url}/api/trpc/agent.commands${input}`, {
      headers: { authorization: `Bearer ${credential}`, accept: 'text/event-stream' },
      signal: stream.abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`stream refused: ${response.status}`);
    stream.done = stream.read(response.body).catch(() => {});
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        this.onEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  }

  private onEvent(text: string): void {
    const fields = new Map<string, string>();
    for (const line of text.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
    }
    const event = fields.get('event') ?? 'message';
    const data = fields.get('data');
    if (event === 'serialized-error') this.errors.push(data ?? '');
    if (event !== 'message' || data === undefined || !fields.get('id')) return;
    const command = decodeOutput(JSON.parse(data)) as TAgentCommand;
    this.received.push({ id: fields.get('id') as string, command, at: performance.now() });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The first command received with this id, waiting for it up to `timeoutMs`. */
  async next(commandId: string, timeoutMs = 20_000): Promise<{ at: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find((entry) => entry.id === commandId);
      if (hit) return hit;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`command ${commandId} not delivered within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  ids(): string[] {
    return this.received.map((entry) => entry.id);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}

const encodeInput = (value: unknown) => JSON.stringify(wireTransformer.serialize(value));
const decodeOutput = (value: unknown) =>
  value && typeof value === 'object' && 'json' in value
    ? wireTransformer.deserialize(value as Parameters<typeof wireTransformer.deserialize>[0])
    : value;

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`;
};

describe('agent command stream: wake-up and resume', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard;
  let operator: ReturnType<typeof browserClient>;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  /** An enrolled agent (no socket): its credential, host, a client to ack with, and a way to queue commands. */
  async function enrolledAgent(hostKey: string) {
    const credential = await dashboard.agentCredential(hostKey);
    const { id: hostId } = await dashboard.prisma.host.findUniqueOrThrow({ where: { key: hostKey } });
    const agent = bearerClient(dashboard.url, credential);
    const queue = async () => {
      const { commandIds } = await operator.commands.runCheckNow.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
      });
      expect(commandIds).toHaveLength(1);
      return commandIds[0] as string;
    };
    const ack = (commandId: string) =>
      agent.agent.ackCommand.mutate({ commandId, outcome: 'done', reason: null });
    return { credential, hostId, queue, ack };
  }

  it('delivers a command queued while the stream is idle in well under the 15 s poll', async () => {
    const agent = await enrolledAgent('idle.test/IDLE');
    const stream = await RawCommandStream.open(dashboard.url, agent.credential);
    try {
      const latencies: number[] = [];
      for (let round = 0; round < 5; round++) {
        // Idle: the stream has read nothing and waits for a wake-up.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const queuedAt = performance.now();
        const id = await agent.queue();
        const { at } = await stream.next(id);
        latencies.push(at - queuedAt);
        await agent.ack(id);
      }
      console.log(`[wake-up] idle stream, queue → delivered: ${stats(latencies)}`);
      expect(Math.max(...latencies)).toBeLessThan(WAKE_UP_LIMIT_MS);
      expect(stream.errors).toEqual([]);

      // The ack's audit row (written inside the ack's one statement) has every column as the other rows do.
      const { id: agentId } = await dashboard.prisma.agent.findUniqueOrThrow({
        where: { hostId: agent.hostId },
      });
      const audit = await dashboard.prisma.auditEvent.findMany({
        where: { action: 'command.done', targetId: agent.hostId },
      });
      expect(audit).toHaveLength(5);
      expect(audit[0]).toMatchObject({
        actorType: 'agent',
        actorId: agentId,
        actorLabel: 'idle.test/IDLE',
        targetType: 'host',
        targetId: agent.hostId,
        before: null,
        after: { commandId: expect.any(String), kind: 'run-check', reason: null },
        ip: null,
      });
    } finally {
      await stream.close();
    }
  });

  it('delivers a command queued just as the stream subscribes at once', async () => {
    // Queued at a spread of moments around the stream's opening: some land before its first read,
    // some during it, some while it starts to listen. A NOTIFY between the read and the listen
    // would otherwise wait for the 15 s poll.
    const agent = await enrolledAgent('race.test/RACE');
    const latencies: number[] = [];
    for (let round = 0; round < 40; round++) {
      const queuedAt = { value: 0 };
      const opening = RawCommandStream.open(dashboard.url, agent.credential);
      const queued = new Promise<string>((resolve, reject) =>
        setTimeout(
          () => {
            queuedAt.value = performance.now();
            agent.queue().then(resolve, reject);
          },
          (round % 20) * 1.5,
        ),
      );
      const stream = await opening;
      try {
        const id = await queued;
        const { at } = await stream.next(id);
        latencies.push(Math.max(0, at - queuedAt.value));
        expect(stream.errors).toEqual([]);
        await agent.ack(id);
      } finally {
        await stream.close();
      }
    }
    console.log(
      `[wake-up] queued as the stream subscribes (${latencies.length} rounds): ${stats(latencies)}`,
    );
    expect(Math.max(...latencies)).toBeLessThan(WAKE_UP_LIMIT_MS);
  });

  it('is woken by a command queued while its read is in flight (the read-then-listen race)', async () => {
    // Held deterministically: a row lock keeps the stream's first read waiting while a command is
    // queued and its NOTIFY goes out; then the read finds nothing. A stream that started to listen
    // only after that read would sleep until its 15 s poll.
    const agent = await enrolledAgent('inflight.test/INFLIGHT');
    const blocker = await agent.queue();
    const locker = new pg.Client({ connectionString: dashboard.databaseUrl });
    await locker.connect();
    let stream: RawCommandStream | undefined;
    try {
      await locker.query('BEGIN');
      await locker.query('DELETE FROM "AgentCommand" WHERE id = $1', [BigInt(blocker).toString()]);
      stream = await RawCommandStream.open(dashboard.url, agent.credential);
      // Asked on another connection: inside the locking transaction the view would not change.
      await waitFor(async () => {
        const [row] = await dashboard.prisma.$queryRaw<{ waiting: number }[]>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query LIKE '%"AgentCommand"%'`;
        return (row?.waiting ?? 0) > 0 ? true : undefined;
      }, "the stream's read waiting on the row lock");
      const queued = await agent.queue();
      await new Promise((resolve) => setTimeout(resolve, 200)); // the NOTIFY has arrived by now
      const releasedAt = performance.now();
      await locker.query('COMMIT');
      const { at } = await stream.next(queued);
      console.log(
        `[wake-up] queued during the read, read released → delivered: ${(at - releasedAt).toFixed(1)} ms`,
      );
      expect(at - releasedAt).toBeLessThan(WAKE_UP_LIMIT_MS);
      expect(stream.ids()).toEqual([queued]);
      expect(stream.errors).toEqual([]);
    } finally {
      await locker.query('ROLLBACK').catch(() => {});
      await locker.end();
      await stream?.close();
    }
  });

  it('resumes after lastEventId: later commands arrive, earlier ones only if still unacked', async () => {
    const agent = await enrolledAgent('resume.test/RESUME');
    const [c1, c2, c3, c4] = [
      await agent.queue(),
      await agent.queue(),
      await agent.queue(),
      await agent.queue(),
    ];
    const first = await RawCommandStream.open(dashboard.url, agent.credential);
    try {
      await first.next(c4 as string);
      expect(first.ids()).toEqual([c1, c2, c3, c4]);
    } finally {
      await first.close();
    }
    // The agent answered c1 and c3; c2 and c4 were received but their acks never arrived.
    await agent.ack(c1 as string);
    await agent.ack(c3 as string);
    const c5 = await agent.queue();

    // Reconnecting with the last id it saw on that stream, as tRPC's client does.
    const resumed = await RawCommandStream.open(dashboard.url, agent.credential, c3);
    let c6 = '';
    try {
      await resumed.next(c5);
      // The unacked ones are delivered again (the agent answers them from its ledger); the acked not.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(resumed.ids()).toEqual([c2, c4, c5]);

      // The resumed stream is listening too.
      const queuedAt = performance.now();
      c6 = await agent.queue();
      const { at } = await resumed.next(c6);
      console.log(`[wake-up] resumed stream, queue → delivered: ${(at - queuedAt).toFixed(1)} ms`);
      expect(at - queuedAt).toBeLessThan(WAKE_UP_LIMIT_MS);
      expect(resumed.ids()).toEqual([c2, c4, c5, c6]);
      expect(resumed.errors).toEqual([]);
    } finally {
      await resumed.close();
    }

    // c6 is the last id this stream saw, but its ack was lost: it comes again, and nothing else.
    for (const id of [c2, c4, c5]) await agent.ack(id as string);
    const again = await RawCommandStream.open(dashboard.url, agent.credential, c6);
    try {
      await again.next(c6);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(again.ids()).toEqual([c6]);
    } finally {
      await again.close();
    }
    // Everything acked: a resumed stream has nothing to send.
    await agent.ack(c6);
    const idle = await RawCommandStream.open(dashboard.url, agent.credential, c6);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(idle.ids()).toEqual([]);
      expect(idle.errors).toEqual([]);
    } finally {
      await idle.close();
    }
  });
});
