import { Prisma } from '@standby/db';
import type { TFleetFilter } from '@standby/protocol';
import { REPORTED_STATUSES } from './fleet-sql';

/** The fleet filter as one SQL condition over FLEET_FROM; only the denormalized host columns are read. */
export function fleetFilterSql(filter: TFleetFilter = {}): Prisma.Sql {
  const terms: Prisma.Sql[] = [];
  if (filter.statuses) terms.push(statusCondition(filter.statuses));
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    terms.push(
      Prisma.sql`(h.hostname ILIKE ${pattern} OR h.application ILIKE ${pattern} OR p.name ILIKE ${pattern})`,
    );
  }
  if (filter.pairId) terms.push(Prisma.sql`h."pairId" = ${filter.pairId}::uuid`);
  if (filter.mode) terms.push(Prisma.sql`h.mode = ${filter.mode}`);
  if (filter.pendingRestart !== undefined)
    terms.push(Prisma.sql`h."pendingRestart" = ${filter.pendingRestart}`);
  if (filter.minSeverity) terms.push(severityCondition(filter.minSeverity));
  return terms.length ? Prisma.join(terms, ' AND ') : Prisma.sql`TRUE`;
}

// Spelled out rather than filtering on DISPLAY_STATUS, so that the stored status can use its index.
function statusCondition(statuses: NonNullable<TFleetFilter['statuses']>): Prisma.Sql {
  const terms: Prisma.Sql[] = [];
  const reported = statuses.filter((status) => status !== 'UNKNOWN');
  if (reported.length)
    terms.push(Prisma.sql`(a.connected IS TRUE AND h.status IN (${Prisma.join(reported)}))`);
  if (statuses.includes('UNKNOWN')) {
    terms.push(Prisma.sql`(a.connected IS NOT TRUE OR h.status NOT IN (${Prisma.join(REPORTED_STATUSES)}))`);
  }
  return Prisma.sql`(${Prisma.join(terms, ' OR ')})`;
}

function severityCondition(minimum: NonNullable<TFleetFilter['minSeverity']>): Prisma.Sql {
  switch (minimum) {
    case 'critical':
      return Prisma.sql`h."findingsCritical" > 0`;
    case 'warning':
      return Prisma.sql`(h."findingsCritical" > 0 OR h."findingsWarning" > 0)`;
    case 'info':
      return Prisma.sql`(h."findingsCritical" > 0 OR h."findingsWarning" > 0 OR h."findingsInfo" > 0)`;
  }
}

/** ILIKE's default escape character is the backslash. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
