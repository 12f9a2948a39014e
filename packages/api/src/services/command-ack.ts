import type { PrismaClient } from '@standby/db';
import { fitCommandReason, type TCommandAck } from '@standby/protocol';
import type { AuthenticatedAgent, CommandBus } from '../trpc';
import { acknowledgeCommand } from './agent-commands';
import type { DashboardMetrics } from './metrics';
import { prismaTransactions, refreshHostVerdicts } from './refresh-host-verdicts';

/**
 * An agent's answer to one of its host's commands: recorded (idempotently), then the host's verdict
 * is evaluated again (pending restart and the configured options changed, so its findings may
 * have), and browsers on every node see the delivery state change.
 */
export async function recordCommandAck(
  prisma: PrismaClient,
  bus: CommandBus,
  agent: AuthenticatedAgent,
  ack: TCommandAck,
  metrics?: DashboardMetrics,
): Promise<{ state: string; duplicate: boolean }> {
  // Any reason is kept, cut to what is stored: refusing the ack would leave the command delivered forever.
  const fitted = { ...ack, reason: ack.reason === null ? null : fitCommandReason(ack.reason) };
  const { kind, ackedAfterSec, ...outcome } = await acknowledgeCommand(prisma, agent, fitted);
  // A repeated ack (a retry after a lost answer) is not a second apply.
  if (kind && ackedAfterSec !== undefined) metrics?.commandAcked(kind, ack.outcome, ackedAfterSec);
  const evaluated = await refreshHostVerdicts(prismaTransactions(prisma), [agent.hostId]);
  await bus.publishHostChanges(
    evaluated.map((hostId) => ({ hostId, running: null })),
    'everyone',
  );
  return outcome;
}
