import type { PrismaClient } from '@standby/db';
import type { THostSummary } from '@standby/protocol';
import { hostSummarySelect, toHostSummary } from './host-summary';

export async function listFleetHosts(prisma: PrismaClient): Promise<THostSummary[]> {
  const rows = await prisma.host.findMany({
    select: hostSummarySelect,
    orderBy: [{ pair: { name: 'asc' } }, { hostname: 'asc' }],
  });
  return rows.map(toHostSummary);
}

export async function countConnectedAgents(prisma: PrismaClient): Promise<number> {
  return prisma.agent.count({ where: { connected: true, revokedAt: null } });
}
