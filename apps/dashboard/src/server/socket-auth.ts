import { authenticateAgent, consumeRateLimit, type StandbyAuth } from '@standby/api';
import type { PrismaClient } from '@standby/db';
import { isAppError } from '@standby/protocol';
import type { Namespace } from 'socket.io';
import { type AgentEventLimiter, DEFAULT_AGENT_EVENT_LIMITS } from './agent-event-limits';
import { sessionUserFromHeaders } from './request-identity';

/**
 * A handshake refusal the client can tell apart by code (socket.io sends `data` along to its
 * `connect_error`): UNAUTHORIZED is final (the credential is missing, unknown or revoked), INTERNAL
 * and TOO_MANY_REQUESTS are not (the agent retries with backoff). See docs/DELIVERY.md.
 */
function refusal(
  code: 'UNAUTHORIZED' | 'INTERNAL' | 'TOO_MANY_REQUESTS',
  message: string,
): Error & { data: { code: string } } {
  return Object.assign(new Error(`${code}: ${message}`), { data: { code } });
}

/**
 * Agents connect with their credential in the handshake (`auth: { token }`); anything else is
 * refused before a single event is read. The socket remembers which host it may speak for. A
 * credential reconnecting faster than its budget allows (`limiter`) is refused for now.
 */
export function requireAgentCredential(
  nsp: Namespace,
  prisma: PrismaClient,
  limiter?: AgentEventLimiter,
): void {
  nsp.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    authenticateAgent(prisma, typeof token === 'string' ? token : null)
      .then((agent) => {
        if (!agent) return next(refusal('UNAUTHORIZED', 'agent credential missing, unknown or revoked'));
        if (limiter && !limiter.for(agent.agentId).allowConnect())
          return next(refusal('TOO_MANY_REQUESTS', 'this agent reconnects too often; retry later'));
        // The same budget on every node (PostgreSQL): hopping between nodes gains no fresh budgets.
        return consumeRateLimit(
          prisma,
          `agent-connect:${agent.agentId}`,
          {
            limit:
              limiter?.limits.connectsPerMinuteEverywhere ??
              DEFAULT_AGENT_EVENT_LIMITS.connectsPerMinuteEverywhere,
            windowMs: 60_000,
          },
          'connections of this agent',
        ).then(() => {
          socket.data.agent = agent;
          next();
        });
      })
      .catch((error: unknown) =>
        next(
          isAppError(error) && error.code === 'TOO_MANY_REQUESTS'
            ? refusal('TOO_MANY_REQUESTS', error.message)
            : refusal('INTERNAL', 'could not check the agent credential'),
        ),
      );
  });
}

/** Browsers need a signed-in session to receive live updates. */
export function requireSignedInUser(nsp: Namespace, auth: StandbyAuth): void {
  nsp.use((socket, next) => {
    sessionUserFromHeaders(auth, socket.request.headers)
      .then((user) => {
        if (!user) return next(new Error('UNAUTHORIZED: sign in first'));
        socket.data.user = user;
        next();
      })
      .catch(() => next(new Error('INTERNAL: could not check the session')));
  });
}

const SESSION_RECHECK_MS = 60_000;

/**
 * Sessions end (sign-out, expiry, an admin disabling a user or changing a role): a browser's live
 * socket is re-checked every minute and closed when its session no longer stands. Returns a stop.
 */
export function recheckBrowserSessions(nsp: Namespace, auth: StandbyAuth): () => void {
  const timer = setInterval(() => {
    for (const socket of nsp.sockets.values()) {
      void sessionUserFromHeaders(auth, socket.request.headers).then(
        (user) => {
          if (!user) socket.disconnect(true);
          else socket.data.user = user;
        },
        () => {}, // the database did not answer: keep the socket, try again next minute
      );
    }
  }, SESSION_RECHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Cuts off every socket of a revoked agent on this node at once. */
export function disconnectAgent(nsp: Namespace, agentId: string): void {
  for (const socket of nsp.sockets.values()) {
    if (socket.data.agent?.agentId === agentId) cutOff(socket);
  }
}

/** After missed notices (the bus reconnected): re-checks every agent socket's credential on this node. */
export async function recheckAgentSockets(nsp: Namespace, prisma: PrismaClient): Promise<void> {
  for (const socket of nsp.sockets.values()) {
    const token: unknown = socket.handshake.auth?.token;
    const agent = await authenticateAgent(prisma, typeof token === 'string' ? token : null).catch(
      () => undefined,
    );
    // undefined: the database did not answer — keep the socket rather than cut on a guess.
    if (agent === null) cutOff(socket);
  }
}

function cutOff(socket: {
  emit(event: string, payload: unknown): unknown;
  disconnect(close: boolean): unknown;
}): void {
  socket.emit('server:error', { code: 'REVOKED', message: 'This agent was revoked.' });
  socket.disconnect(true);
}
