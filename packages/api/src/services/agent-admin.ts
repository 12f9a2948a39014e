import type { PrismaClient } from '@standby/db';
import type { CommandBus } from '../trpc';
import { type Actor, revokeAgent } from './enrollment';

/** Enrollment tokens, newest first (up to 500); never the token itself, which is not stored. */
export function listEnrollmentTokens(prisma: PrismaClient) {
  return prisma.enrollmentToken.findMany({
    orderBy: { createdAt: 'desc' },
    take: 500,
    select: {
      id: true,
      label: true,
      expiresAt: true,
      maxUses: true,
      usesLeft: true,
      revokedAt: true,
      createdAt: true,
    },
  });
}

/** Enrolled agents with their host, newest enrollment first (up to 10,000). */
export async function listAgents(prisma: PrismaClient) {
  const agents = await prisma.agent.findMany({
    orderBy: { enrolledAt: 'desc' },
    take: 10_000,
    include: { host: { select: { hostname: true, application: true } } },
  });
  return agents.map((agent) => ({
    id: agent.id,
    hostId: agent.hostId,
    hostname: agent.host.hostname,
    application: agent.host.application,
    connected: agent.connected,
    agentVersion: agent.agentVersion,
    enrolledAt: agent.enrolledAt,
    lastSeenAt: agent.lastSeenAt,
    revokedAt: agent.revokedAt,
  }));
}

/**
 * Revokes an agent's credential, then cuts its sockets and command streams on every node. The
 * notice goes out even when it was revoked already: a retry must still cut connections that a
 * lost notice left open.
 */
export async function revokeAgentEverywhere(
  prisma: PrismaClient,
  bus: CommandBus,
  agentId: string,
  actor: Actor,
): Promise<{ revoked: boolean }> {
  const revoked = await revokeAgent(prisma, agentId, actor);
  await bus.notifyRevoked(agentId);
  return { revoked };
}
