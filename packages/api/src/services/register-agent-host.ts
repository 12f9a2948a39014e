import type { PrismaClient } from '@standby/db';
import { AppError, type TAgentHello } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';
import { recordHostFactChanges, type TStoredHostFacts } from './host-fact-changes';
import {
  prismaQueryable,
  prismaTransactions,
  refreshHostVerdictsWithin,
  refreshPairPeers,
} from './refresh-host-verdicts';

/**
 * Refreshes the facts of the host an enrolled agent speaks for, records what changed since the last
 * hello (switchover, version, restart, outside option changes), marks the agent connected and
 * evaluates the verdict again — all in one transaction. An agent may speak only for the host it
 * enrolled as. Resolves with the hosts whose verdict was evaluated (the host and its pair peers).
 */
export async function registerAgentHost(
  prisma: PrismaClient,
  agent: AuthenticatedAgent,
  hello: TAgentHello,
  connectedNode: string,
): Promise<{ hostId: string; evaluatedHostIds: string[] }> {
  if (hello.hostKey !== agent.hostKey) {
    throw new AppError(
      'FORBIDDEN',
      `this agent is enrolled for host "${agent.hostKey}", not "${hello.hostKey}"`,
    );
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
  const evaluatedHostIds = await prisma.$transaction(async (tx) => {
    // Locked: two hellos of one agent (a reconnect racing a re-hello) must not both record one switchover.
    const [stored] = await tx.$queryRaw<
      TStoredHostFacts[]
    >`SELECT id::text AS id, mode, version, "configuredOptions", "effectiveOptions", "serverStartedAt",
        "pendingRestart", "pendingSince" FROM "Host" WHERE id = ${agent.hostId}::uuid FOR UPDATE`;
    const changes = stored ? await recordHostFactChanges(tx, stored, hello, agent, now) : {};
    await tx.host.update({
      where: { id: agent.hostId },
      data: {
        hostname: hello.hostname,
        application: hello.application,
        pair: pair ? { connect: { id: pair.id } } : { disconnect: true },
        mode: hello.mode,
        version: hello.version,
        sameHost: hello.sameHost,
        configuredOptions: hello.configuredOptions,
        effectiveOptions: hello.effectiveOptions,
        intervalSec: hello.intervalSec,
        lastSeenAt: now,
        ...changes,
      },
    });
    await tx.agent.update({
      where: { id: agent.agentId },
      data: { connected: true, connectedNode, lastSeenAt: now, agentVersion: hello.agentVersion },
    });
    return refreshHostVerdictsWithin(prismaQueryable(tx), [agent.hostId], { now });
  });
  evaluatedHostIds.push(...(await refreshPairPeers(prismaTransactions(prisma), evaluatedHostIds)));
  return { hostId: agent.hostId, evaluatedHostIds };
}

/**
 * Marks the agent disconnected — only if `connection` is still its current one: a server notices
 * a dropped socket late (ping timeout), often after the agent reconnected (maybe to another node).
 */
export async function markAgentDisconnected(
  prisma: PrismaClient,
  hostId: string,
  connection: string,
): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.agent.updateMany({
      where: { hostId, connectedNode: connection },
      data: { connected: false, lastSeenAt: new Date() },
    });
    if (count === 0) return [];
    // A check in progress ends with its agent's link: nobody will report it.
    await tx.host.update({
      where: { id: hostId },
      data: {
        checkingRunId: null,
        checkingStartedAt: null,
        checkingTrigger: null,
        checkingAtStart: false,
        liveComponents: [],
      },
    });
    return refreshHostVerdictsWithin(prismaQueryable(tx), [hostId]);
  });
}

/** A connection's name in Agent.connectedNode: the node, then the socket. */
export const connectionName = (nodeId: string, socketId: string): string => `${nodeId}/${socketId}`;
