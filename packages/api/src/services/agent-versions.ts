import type { PrismaClient } from '@standby/db';
import { summarizeAgentVersions, type TAgentVersionSummary } from '@standby/domain';

/** Versions the fleet's enrolled (not revoked) agents last reported, with the skew against the newest. */
export async function loadAgentVersions(prisma: PrismaClient): Promise<TAgentVersionSummary> {
  const groups = await prisma.agent.groupBy({
    by: ['agentVersion'],
    where: { revokedAt: null },
    _count: { _all: true },
  });
  return summarizeAgentVersions(
    groups.map((group) => ({ version: group.agentVersion, agents: group._count._all })),
  );
}
