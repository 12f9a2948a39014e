import type { PrismaClient } from '@standby/db';
import type { TAgentHello } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';

export class WrongHostError extends Error {}

/**
 * Refreshes the facts of the host an enrolled agent speaks for, and marks the agent connected.
 * An agent may speak only for the host it enrolled as.
 */
export async function registerAgentHost(
  prisma: PrismaClient,
  agent: AuthenticatedAgent,
  hello: TAgentHello,
  connectedNode: string,
): Promise<{ hostId: string }> {
  if (hello.hostKey !== agent.hostKey) {
    throw new WrongHostError(`this agent is enrolled for host "${agent.hostKey}", not "${hello.hostKey}"`);
  }
  // Both members of a pair say hello at once: an atomic upsert, not Prisma's read-then-write one.
  const pair = hello.pair
    ? (
        await prisma.$queryRaw<{ id: string }[]>`
          INSERT INTO "HaPair" (id, name) VALUES (gen_random_uuid(), ${hello.pair})
          ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id::text AS id`
      )[0]
    : undefined;
  const now = new Date();
  const facts = {
    hostname: hello.hostname,
    application: hello.application,
    pairId: pair?.id ?? null,
    mode: hello.mode,
    version: hello.version,
    sameHost: hello.sameHost,
    configuredOptions: hello.configuredOptions,
    effectiveOptions: hello.effectiveOptions,
    lastSeenAt: now,
  };
  await prisma.host.update({ where: { id: agent.hostId }, data: facts });
  await prisma.agent.update({
    where: { id: agent.agentId },
    data: { connected: true, connectedNode, lastSeenAt: now, agentVersion: hello.agentVersion },
  });
  return { hostId: agent.hostId };
}

/**
 * Marks the agent disconnected — only if `connection` is still its current one: a server notices
 * a dropped socket late (ping timeout), often after the agent reconnected (maybe to another node).
 */
export async function markAgentDisconnected(
  prisma: PrismaClient,
  hostId: string,
  connection: string,
): Promise<void> {
  await prisma.agent.updateMany({
    where: { hostId, connectedNode: connection },
    data: { connected: false, lastSeenAt: new Date() },
  });
}

/** A connection's name in Agent.connectedNode: the node, then the socket. */
export const connectionName = (nodeId: string, socketId: string): string => `${nodeId}/${socketId}`;

/** On start, no agent is connected to this node yet, whatever the last run left behind. */
export async function resetConnectionsOfNode(prisma: PrismaClient, nodeId: string): Promise<void> {
  await prisma.agent.updateMany({
    where: { connectedNode: { startsWith: `${nodeId}/` }, connected: true },
    data: { connected: false },
  });
}
