import {
  type AuthenticatedAgent,
  connectionName,
  type IngestBatcher,
  markAgentDisconnected,
  markCheckStarted,
  recordCheckProgress,
  recordLateReadiness,
  registerAgentHost,
} from '@standby/api';
import type { PgPool, PrismaClient } from '@standby/db';
import {
  type AgentToServerEvents,
  ackError,
  ackFromError,
  ackOk,
  FailureStreak,
  MAX_AGENT_PAYLOAD_BYTES,
  type ServerToAgentEvents,
  type TAck,
  ZAgentHelloSchema,
  ZCheckFinishedSchema,
  ZCheckLateReadySchema,
  ZCheckStartedSchema,
  ZComponentProgressSchema,
} from '@standby/protocol';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import type { LiveFleetPublisher } from './live-updates';

export type AgentNamespace = Namespace<AgentToServerEvents, ServerToAgentEvents>;

export interface AgentHandlerDeps {
  prisma: PrismaClient;
  pool: PgPool;
  nodeId: string;
  live: LiveFleetPublisher;
  ingest: IngestBatcher;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; ack: TAck<never> };

/** Size-bounds then validates one payload; the error names what was wrong. */
function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, event: string): Parsed<T> {
  const size = Buffer.byteLength(JSON.stringify(payload ?? null));
  if (size > MAX_AGENT_PAYLOAD_BYTES) {
    return {
      ok: false,
      ack: ackError('PAYLOAD_TOO_LARGE', `${event}: ${size} bytes exceeds ${MAX_AGENT_PAYLOAD_BYTES}`),
    };
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(payload)';
    return { ok: false, ack: ackError('BAD_REQUEST', `${event}: ${where}: ${issue?.message ?? 'invalid'}`) };
  }
  return { ok: true, value: parsed.data };
}

function reply<T>(ack: unknown, response: TAck<T>): void {
  if (typeof ack === 'function') ack(response);
}

/** An error that is not an AppError is answered INTERNAL without details: they go to the log, once. */
function logUnexpected(
  event: string,
  agent: AuthenticatedAgent,
  failures: FailureStreak,
): (error: unknown) => void {
  // During a database outage every agent's every event fails: the first is logged (with the error),
  // the rest are counted until something is stored again.
  return (error) =>
    failures.fail(
      `[agent] ${event} failed for agent ${agent.agentId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)} — further failures are counted quietly`,
    );
}

export function registerAgentHandlers(nsp: AgentNamespace, deps: AgentHandlerDeps): void {
  const failures = new FailureStreak((line) => console.error(line));
  nsp.on('connection', (socket) => handleAgentSocket(socket, deps, failures));
}

function handleAgentSocket(
  socket: Socket<AgentToServerEvents, ServerToAgentEvents>,
  deps: AgentHandlerDeps,
  failures: FailureStreak,
): void {
  // Set by the handshake middleware (socket-auth.ts): the only host this socket may speak for.
  const agent = socket.data.agent as AuthenticatedAgent;
  let hostId: string | undefined;

  socket.on('hello', async (payload, ack) => {
    const parsed = parsePayload(ZAgentHelloSchema, payload, 'hello');
    if (!parsed.ok) return reply(ack, parsed.ack);
    try {
      const registered = await registerAgentHost(
        deps.prisma,
        agent,
        parsed.value,
        connectionName(deps.nodeId, socket.id),
      );
      hostId = registered.hostId;
      for (const id of registered.evaluatedHostIds) deps.live.markChanged(id);
      // The socket closed while the hello was being stored: its disconnect found nothing to close then
      // (the row named no connection yet), so the hello must not leave the agent "connected" for good.
      if (socket.disconnected) {
        const evaluated = await markAgentDisconnected(
          deps.prisma,
          registered.hostId,
          connectionName(deps.nodeId, socket.id),
        ).catch(() => []);
        for (const id of evaluated) deps.live.markChanged(id);
        return;
      }
      reply(ack, ackOk({ hostId: registered.hostId }));
    } catch (error) {
      reply(ack, ackFromError(error, logUnexpected('hello', agent, failures)));
    }
  });

  socket.on('check:started', async (payload) => {
    const parsed = parsePayload(ZCheckStartedSchema, payload, 'check:started');
    if (!parsed.ok || !hostId) return;
    const id = hostId;
    const evaluated = await markCheckStarted(deps.pool, id, parsed.value).catch(() => [id]);
    for (const changed of evaluated) deps.live.markChanged(changed);
  });

  socket.on('check:progress', async (payload) => {
    const parsed = parsePayload(ZComponentProgressSchema, payload, 'check:progress');
    if (!parsed.ok || !hostId) return;
    const id = hostId;
    if (await recordCheckProgress(deps.pool, id, parsed.value).catch(() => false)) deps.live.markChanged(id);
  });

  // Before the hello is acknowledged: CONFLICT (retry later), never UNAUTHORIZED, which would read as a
  // credential refusal. The agent retries every code but BAD_REQUEST / PAYLOAD_TOO_LARGE (docs/DELIVERY.md).
  socket.on('check:late', async (payload, ack) => {
    if (!hostId) return reply(ack, ackError('CONFLICT', 'check:late: send hello first'));
    const parsed = parsePayload(ZCheckLateReadySchema, payload, 'check:late');
    if (!parsed.ok) return reply(ack, parsed.ack);
    try {
      const { updated, evaluatedHostIds } = await recordLateReadiness(deps.pool, hostId, parsed.value);
      for (const changed of evaluatedHostIds) deps.live.markChanged(changed);
      reply(ack, ackOk({ runId: parsed.value.runId, updated }));
    } catch (error) {
      reply(ack, ackFromError(error, logUnexpected('check:late', agent, failures)));
    }
  });

  socket.on('check:finished', async (payload, ack) => {
    const receivedAt = new Date();
    if (!hostId) return reply(ack, ackError('CONFLICT', 'check:finished: send hello first'));
    const parsed = parsePayload(ZCheckFinishedSchema, payload, 'check:finished');
    if (!parsed.ok) return reply(ack, parsed.ack);
    const { result, replayed } = parsed.value;
    try {
      // The ack goes out only after the rows are committed.
      // The batcher marks the evaluated hosts (this one and its pair peer) changed after the commit.
      // Late is decided on ingest from finishedAt and receivedAt (isLateResult); `replayed` is the agent's fact.
      const stored = await deps.ingest.submit({ hostId, result, late: replayed, receivedAt });
      failures.recover('[agent] agent events are stored again');
      reply(ack, ackOk({ runId: result.runId, stored }));
    } catch (error) {
      reply(ack, ackFromError(error, logUnexpected('check:finished', agent, failures)));
    }
  });

  socket.on('disconnect', async () => {
    if (!hostId) return;
    const id = hostId;
    const evaluated = await markAgentDisconnected(
      deps.prisma,
      id,
      connectionName(deps.nodeId, socket.id),
    ).catch(() => [id]);
    for (const changed of evaluated) deps.live.markChanged(changed);
  });
}
