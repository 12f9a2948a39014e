import type { PrismaClient } from '@standby/db';

export async function countConnectedAgents(prisma: PrismaClient): Promise<number> {
  return prisma.agent.count({ where: { connected: true, revokedAt: null } });
}
