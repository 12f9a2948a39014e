import {
  type AuthenticatedAgent,
  connectionName,
  type DashboardMetrics,
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
  type ServerToAgentEvents,
  type TAck,
  ZAgentHelloSchema,
  ZCheckFinishedSchema,
  ZCheckLateReadySchema,
  ZCheckStartedSchema,
  ZComponentProgressSchema,
} from '@standby/protocol';
import { processLogger } from '@standby/telemetry';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { noteAgentClockSkew, readCheckStartedClock, readHelloClock } from './agent-clock';
import type { AgentConnections } from './agent-connections';
import { type AgentEventLimiter, agentEventGate } from './agent-event-limits';
import { guardListener } from './guard-listener';
import { countedIngestAck } from './ingest-metrics';
import type { LiveFleetPublisher } from './live-updates';
import { type ParsedAgentPayload, parseAgentPayload } from './parse-agent-payload';

export type AgentNamespace = Namespace<AgentToServerEvents, ServerToAgentEvents>;

export interface AgentHandlerDeps {
  prisma: PrismaClient;
  pool: PgPool;
  nodeId: string;
  live: LiveFleetPublisher;
  ingest: IngestBatcher;
  /** Per-credential event budgets (agent-event-limits.ts). */
  limiter: AgentEventLimiter;
  /** One live socket per credential across nodes (agent-connections.ts). */
  connections: AgentConnections;
  /** This node's Prometheus metrics (ingest answers and their latency). */
  metrics?: DashboardMetrics;
}

/** Bounds then validates one payload (parse-agent-payload.ts); never throws, the error names what was wrong. */
function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, event: string): ParsedAgentPayload<T> {
  return parseAgentPayload(schema, payload, event);
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
  const failures = new FailureStreak((line) => processLogger().error(line));
  nsp.on('connection', (socket) => handleAgentSocket(socket, deps, failures));
}

function handleAgentSocket(
  socket: Socket<AgentToServerEvents, ServerToAgentEvents>,
  deps: AgentHandlerDeps,
  failures: FailureStreak,
): void {
  // Set by the handshake middleware (socket-auth.ts): the only host this socket may speak for.
  const agent = socket.data.agent as AuthenticatedAgent;
  // Nothing a handler throws or rejects with may reach the process (socket.io does not await listeners).
  const guarded = <A extends unknown[]>(event: string, listener: (...args: A) => Promise<unknown>) =>
    guardListener(event, listener, (name, error) => logUnexpected(name, agent, failures)(error));
  let hostId: string | undefined;
  // Every event is counted against the credential's budget before any work (agent-event-limits.ts).
  const overLimit = agentEventGate(deps.limiter.for(agent.agentId), socket);
  deps.connections.add(agent.agentId, socket);

  socket.on(
    'hello',
    guarded('hello', async (payload, ack) => {
      if (overLimit('hello', ack)) return;
      const parsed = parsePayload(ZAgentHelloSchema, payload, 'hello');
      if (!parsed.ok) return reply(ack, parsed.ack);
      // Times judged against the dashboard's clock; the agent's skew recorded (agent-clock.ts).
      const { hello, skewMs } = readHelloClock(parsed.value, new Date());
      noteAgentClockSkew(deps.pool, agent.hostId, skewMs, (id) => deps.live.markChanged(id));
      try {
        // Written only while this socket is open, under the host's lock, which its disconnect takes
        // too: a hello can never leave the agent "connected" through a closed socket.
        const registered = await registerAgentHost(
          deps.prisma,
          agent,
          hello,
          connectionName(deps.nodeId, socket.id),
          () => socket.connected,
        );
        if (!registered.connected) return; // closed meanwhile: nothing written, nobody to answer
        hostId = registered.hostId;
        deps.connections.helloStored(agent.agentId, socket, registered.replacedConnection);
        for (const id of registered.evaluatedHostIds) deps.live.markChanged(id);
        reply(
          ack,
          ackOk({
            hostId: registered.hostId,
            ...(registered.pairRefusal ? { notice: registered.pairRefusal } : {}),
          }),
        );
      } catch (error) {
        reply(ack, ackFromError(error, logUnexpected('hello', agent, failures)));
      }
    }),
  );

  socket.on(
    'check:started',
    guarded('check:started', async (payload) => {
      if (overLimit('check:started')) return;
      const parsed = parsePayload(ZCheckStartedSchema, payload, 'check:started');
      if (!parsed.ok || !hostId) return;
      const id = hostId;
      const started = readCheckStartedClock(parsed.value, new Date());
      const evaluated = await markCheckStarted(deps.pool, id, started).catch(() => [id]);
      for (const changed of evaluated) deps.live.markChanged(changed);
    }),
  );

  socket.on(
    'check:progress',
    guarded('check:progress', async (payload) => {
      if (overLimit('check:progress')) return;
      const parsed = parsePayload(ZComponentProgressSchema, payload, 'check:progress');
      if (!parsed.ok || !hostId) return;
      const id = hostId;
      if (await recordCheckProgress(deps.pool, id, parsed.value).catch(() => false))
        deps.live.markChanged(id);
    }),
  );

  // Before the hello is acknowledged: CONFLICT (retry later), never UNAUTHORIZED, which would read as a
  // credential refusal. The agent retries every code but BAD_REQUEST / PAYLOAD_TOO_LARGE (docs/DELIVERY.md).
  socket.on(
    'check:late',
    guarded('check:late', async (payload, ack) => {
      if (overLimit('check:late', ack)) return;
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
    }),
  );

  socket.on(
    'check:finished',
    guarded('check:finished', async (payload, rawAck) => {
      const receivedAt = new Date();
      // Every answer below is counted (ingest-metrics.ts).
      const ack = countedIngestAck(rawAck, receivedAt, deps.metrics);
      if (overLimit('check:finished', ack)) return;
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
    }),
  );

  // Also before any hello was answered: one may be committing right now (markAgentDisconnected waits
  // for it); a row that names another connection is left alone.
  socket.on(
    'disconnect',
    guarded('disconnect', async () => {
      deps.connections.remove(agent.agentId, socket);
      const id = agent.hostId;
      const evaluated = await markAgentDisconnected(
        deps.prisma,
        id,
        connectionName(deps.nodeId, socket.id),
      ).catch(() => [id]);
      for (const changed of evaluated) deps.live.markChanged(changed);
    }),
  );
}
