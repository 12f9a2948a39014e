import type { PrismaClient } from '@standby/db';
import { HOST_STATUSES, HOST_VERDICTS, type THostStatus, type THostVerdict } from '@standby/domain';
import type { TFleetCounts, TFleetFilter } from '@standby/protocol';
import { fleetFilterSql } from './fleet-filter';
import { FLEET_FROM } from './fleet-sql';

/** fleet.counts: the filtered fleet's totals, in one grouped scan. */
export async function countFleet(prisma: PrismaClient, filter: TFleetFilter = {}): Promise<TFleetCounts> {
  const groups = await prisma.$queryRaw<
    {
      status: THostStatus;
      verdict: THostVerdict;
      hosts: number;
      pendingRestart: number;
      withCritical: number;
    }[]
  >`
    SELECT h."displayStatus" AS status, h.verdict, count(*)::int AS hosts,
      (count(*) FILTER (WHERE h."pendingRestart"))::int AS "pendingRestart",
      (count(*) FILTER (WHERE h."findingsCritical" > 0))::int AS "withCritical"
    FROM ${FLEET_FROM}
    WHERE ${fleetFilterSql(filter)}
    GROUP BY 1, 2`;
  const byStatus = Object.fromEntries(HOST_STATUSES.map((status) => [status, 0])) as Record<
    THostStatus,
    number
  >;
  const byVerdict = Object.fromEntries(HOST_VERDICTS.map((verdict) => [verdict, 0])) as Record<
    THostVerdict,
    number
  >;
  const counts: TFleetCounts = { total: 0, byStatus, byVerdict, pendingRestart: 0, withCritical: 0 };
  for (const group of groups) {
    // A value no release writes is left out of the buckets but still counted in the total.
    if (group.status in byStatus) byStatus[group.status] += group.hosts;
    if (group.verdict in byVerdict) byVerdict[group.verdict] += group.hosts;
    counts.total += group.hosts;
    counts.pendingRestart += group.pendingRestart;
    counts.withCritical += group.withCritical;
  }
  return counts;
}
