import type { PrismaClient } from '@standby/db';
import { AppError, isBigintId, type TAgentCommand } from '@standby/protocol';
import type { AuthenticatedAgent, CommandBus } from '../trpc';
import { takeCommandsAfter } from './agent-commands';
import { agentEnrollment } from './enrollment';
import type { DashboardMetrics } from './metrics';
import { ALL_AGENTS } from './pg-command-bus';

/** Commands are re-read at least this often even if a wake-up was lost. */
export const POLL_FALLBACK_MS = 15_000;
/** Commands read per round trip; a shorter batch means the stream has caught up. */
const BATCH = 100;

export interface CommandStreamOptions {
  prisma: PrismaClient;
  bus: CommandBus;
  agent: AuthenticatedAgent;
  /** The id of the last command the client received on its previous stream (tRPC's `lastEventId`). */
  lastEventId?: string | null;
  signal?: AbortSignal;
  pollFallbackMs?: number;
  /** Observes each command's creation-to-first-delivery time. */
  metrics?: DashboardMetrics | undefined;
}

/**
 * The durable command stream of an agent's host (rule `commands-exactly-once`): every command not
 * yet acked, oldest first, then each new one as it is queued. The dashboard redelivers anything
 * unacked; the agent answers a redelivery from its ledger instead of applying it twice.
 *
 * - Resuming after `lastEventId`: the commands after it are delivered; those at or before it are
 *   not sent again once acked, but an unacked one is (the client may have lost it, or failed to
 *   handle it), once, at the start of the stream.
 * - Wake-up: the listener for this host's NOTIFY is attached *before* each read, so a command
 *   queued while the read runs wakes the stream at once rather than at the next poll.
 * - Ends with UNAUTHORIZED when the agent is revoked (on the bus, or seen by the periodic re-check
 *   in case that notice was lost) or enrolled afresh.
 */
export async function* streamAgentCommands(
  options: CommandStreamOptions,
): AsyncGenerator<{ id: string; command: TAgentCommand }, void, undefined> {
  const { prisma, bus, agent, signal } = options;
  const pollMs = options.pollFallbackMs ?? POLL_FALLBACK_MS;
  const resumeAfter = parseCommandId(options.lastEventId);
  const enrollment = await agentEnrollment(prisma, agent.agentId);
  if (!enrollment || enrollment.revokedAt) throw new AppError('UNAUTHORIZED', 'Agent revoked.');
  const cut = new AbortController();
  let recheckAt = Date.now() + pollMs;
  const stopOnRevoke = bus.onRevoked((revoked) => {
    if (revoked === agent.agentId) cut.abort();
    if (revoked === ALL_AGENTS) recheckAt = 0; // notices may have been missed: look now
  });
  const stop = signal ? AbortSignal.any([cut.signal, signal]) : cut.signal;
  try {
    // From 0: the first reads return every unacked command, the redeliveries at or before
    // `resumeAfter` included. Once caught up, the cursor moves past `resumeAfter`.
    let cursor = 0n;
    while (!stop.aborted) {
      if (Date.now() >= recheckAt) {
        recheckAt = Date.now() + pollMs;
        if (!(await stillEnrolled(prisma, agent.agentId, enrollment.enrolledAt))) {
          cut.abort();
          break;
        }
      }
      const wake = armWakeUp(bus, agent.hostId, pollMs, stop);
      try {
        const batch = await takeCommandsAfter(prisma, agent.hostId, cursor, BATCH);
        for (const { id, command, firstDeliveryAfterSec } of batch) {
          cursor = id;
          if (firstDeliveryAfterSec !== null)
            options.metrics?.commandDelivered(command.kind, firstDeliveryAfterSec);
          yield { id: id.toString(), command };
        }
        if (batch.length < BATCH && cursor < resumeAfter) cursor = resumeAfter;
        if (batch.length === 0) await wake.woken;
      } finally {
        wake.disarm();
      }
    }
    if (cut.signal.aborted) throw new AppError('UNAUTHORIZED', 'Agent revoked.');
  } finally {
    stopOnRevoke();
  }
}

/**
 * Starts listening for this host's wake-up now (the bus attaches its listener when called), so a
 * NOTIFY that arrives before the caller waits is not lost: `woken` is then already resolved.
 */
function armWakeUp(bus: CommandBus, hostId: string, timeoutMs: number, stop: AbortSignal) {
  const armed = new AbortController();
  const forward = () => armed.abort();
  stop.addEventListener('abort', forward, { once: true });
  if (stop.aborted) armed.abort();
  const woken = bus.waitForCommand(hostId, timeoutMs, armed.signal);
  return {
    woken,
    disarm: () => {
      stop.removeEventListener('abort', forward);
      armed.abort();
    },
  };
}

async function stillEnrolled(prisma: PrismaClient, agentId: string, enrolledAt: Date): Promise<boolean> {
  const now = await agentEnrollment(prisma, agentId);
  return !!now && !now.revokedAt && now.enrolledAt.getTime() === enrolledAt.getTime();
}

/** A command id as tracked() sent it; anything else reads as "no resume point" (send every unacked one). */
function parseCommandId(value: string | null | undefined): bigint {
  // Anything but a bigint id (past 2^63 - 1 too) resumes from the start: every unacked command again.
  return value && isBigintId(value) ? BigInt(value) : 0n;
}
