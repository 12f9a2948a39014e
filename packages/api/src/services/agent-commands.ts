import type { PrismaClient } from '@standby/db';
import type { TAgentCommand, TCommandAck } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';
import { recordAudit } from './audit-log';

const UNACKED_STATES = ['pending', 'delivered'];

/** Unacked commands for a host after `afterId`, oldest first, marked delivered. */
export async function takeCommandsAfter(
  prisma: PrismaClient,
  hostId: string,
  afterId: bigint,
  limit = 100,
): Promise<{ id: bigint; command: TAgentCommand }[]> {
  const rows = await prisma.agentCommand.findMany({
    where: { hostId, id: { gt: afterId }, state: { in: UNACKED_STATES } },
    orderBy: { id: 'asc' },
    take: limit,
  });
  if (rows.length === 0) return [];
  const now = new Date();
  await prisma.agentCommand.updateMany({
    where: { id: { in: rows.map((row) => row.id) }, state: 'pending' },
    data: { state: 'delivered', deliveredAt: now },
  });
  await prisma.optionChange.updateMany({
    where: { commandId: { in: rows.map((row) => row.id) }, state: 'pending' },
    data: { state: 'delivered' },
  });
  return rows.map((row) => ({ id: row.id, command: toAgentCommand(row) }));
}

function toAgentCommand(row: { id: bigint; kind: string; payload: unknown }): TAgentCommand {
  const commandId = row.id.toString();
  const payload = (row.payload ?? {}) as {
    values?: Record<string, string>;
    reason?: string | null;
    actor?: string | null;
  };
  if (row.kind === 'set-options') {
    return {
      kind: 'set-options',
      commandId,
      values: payload.values ?? {},
      reason: payload.reason ?? null,
      actor: payload.actor ?? null,
    };
  }
  return { kind: 'run-check', commandId, actor: payload.actor ?? null };
}

export class CommandNotFoundError extends Error {}

/**
 * Records an agent's answer to one of its own host's commands. Idempotent: acking twice (a retry
 * after a lost response) changes nothing the second time. An applied option change leaves the host
 * "pending restart" until its SIP Server starts again.
 */
export async function acknowledgeCommand(
  prisma: PrismaClient,
  agent: AuthenticatedAgent,
  ack: TCommandAck,
): Promise<{ state: string; duplicate: boolean }> {
  const id = BigInt(ack.commandId);
  return prisma.$transaction(async (tx) => {
    const command = await tx.agentCommand.findFirst({ where: { id, hostId: agent.hostId } });
    // Another host's command id reads as unknown: an agent may act only for its own host.
    if (!command) throw new CommandNotFoundError(`command ${ack.commandId} is not a command for this host`);
    if (!UNACKED_STATES.includes(command.state)) return { state: command.state, duplicate: true };
    const now = new Date();
    const state = ack.outcome;
    await tx.agentCommand.update({
      where: { id },
      data: { state, stateReason: ack.reason, ackedAt: now },
    });
    await tx.$executeRaw`UPDATE "Agent" SET "lastAckedCommandId" = GREATEST("lastAckedCommandId", ${id}) WHERE id = ${agent.agentId}::uuid`;
    if (command.kind === 'set-options') {
      const applied = state === 'applied';
      await tx.optionChange.updateMany({
        where: { commandId: id },
        data: { state: applied ? 'pending-restart' : 'rejected', stateReason: ack.reason },
      });
      if (applied) {
        await tx.host.update({
          where: { id: agent.hostId },
          data: {
            pendingRestart: true,
            pendingSince: now,
            ...(ack.configuredOptions ? { configuredOptions: ack.configuredOptions } : {}),
          },
        });
      }
    }
    await recordAudit(tx, {
      actorType: 'agent',
      actorId: agent.agentId,
      actorLabel: agent.hostKey,
      action: `command.${state}`,
      targetType: 'host',
      targetId: agent.hostId,
      after: { commandId: ack.commandId, kind: command.kind, reason: ack.reason },
    });
    return { state, duplicate: false };
  });
}

export async function lastAckedCommandId(prisma: PrismaClient, agentId: string): Promise<bigint> {
  const agent = await prisma.agent.findUnique({
    where: { id: agentId },
    select: { lastAckedCommandId: true },
  });
  return agent?.lastAckedCommandId ?? 0n;
}

export async function isAgentRevoked(prisma: PrismaClient, agentId: string): Promise<boolean> {
  const agent = await prisma.agent.findUnique({ where: { id: agentId }, select: { revokedAt: true } });
  return !agent || agent.revokedAt !== null;
}
