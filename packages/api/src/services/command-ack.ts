import type { PrismaClient } from '@standby/db';
import type { TCommandAck } from '@standby/protocol';
import type { AuthenticatedAgent, CommandBus } from '../trpc';
import { acknowledgeCommand } from './agent-commands';
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
): Promise<{ state: string; duplicate: boolean }> {
  const outcome = await acknowledgeCommand(prisma, agent, ack);
  const evaluated = await refreshHostVerdicts(prismaTransactions(prisma), [agent.hostId]);
  await bus.publishHostChanges(
    evaluated.map((hostId) => ({ hostId, running: null })),
    'everyone',
  );
  return outcome;
}
