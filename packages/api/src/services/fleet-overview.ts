import { Prisma, type PrismaClient } from '@standby/db';
import type { THostSummary } from '@standby/protocol';
import { FLEET_FROM } from './fleet-sql';
import { HOST_SUMMARY_COLUMNS, type TSummaryRow, toHostSummary } from './host-summary';

export async function listFleetHosts(prisma: PrismaClient): Promise<THostSummary[]> {
  const rows = await prisma.$queryRaw<TSummaryRow[]>`
    SELECT ${Prisma.raw(HOST_SUMMARY_COLUMNS)} FROM ${FLEET_FROM} ORDER BY p.name ASC NULLS LAST, h.hostname ASC`;
  return rows.map(toHostSummary);
}

export async function countConnectedAgents(prisma: PrismaClient): Promise<number> {
  return prisma.agent.count({ where: { connected: true, revokedAt: null } });
}
