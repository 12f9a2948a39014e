import type { PrismaClient } from '@standby/db';
import { HOST_STATUSES, type THostStatus } from '@standby/domain';
import type { TFleetCounts, TFleetFilter } from '@standby/protocol';
import { fleetFilterSql } from './fleet-filter';
import { DISPLAY_STATUS, FLEET_FROM } from './fleet-sql';

/** fleet.counts: the filtered fleet's totals, in one grouped scan. */
export async function countFleet(prisma: PrismaClient, filter: TFleetFilter = {}): Promise<TFleetCounts> {
  const groups = await prisma.$queryRaw<
    { status: THostStatus; hosts: number; pendingRestart: number; withCritical: number }[]
  >`
    SELECT ${DISPLAY_STATUS} AS status, count(*)::int AS hosts,
      (count(*) FILTER (WHERE h."pendingRestart"))::int AS "pendingRestart",
      (count(*) FILTER (WHERE h."findingsCritical" > 0))::int AS "withCritical"
    FROM ${FLEET_FROM}
    WHERE ${fleetFilterSql(filter)}
    GROUP BY 1`;
  const byStatus = Object.fromEntries(HOST_STATUSES.map((status) => [status, 0])) as Record<
    THostStatus,
    number
  >;
  const counts: TFleetCounts = { total: 0, byStatus, pendingRestart: 0, withCritical: 0 };
  for (const group of groups) {
    byStatus[group.status] += group.hosts;
    counts.total += group.hosts;
    counts.pendingRestart += group.pendingRestart;
    counts.withCritical += group.withCritical;
  }
  return counts;
}
