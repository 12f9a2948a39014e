import { Prisma } from '@standby/db';
import type { TFleetFilter } from '@standby/protocol';

/** The fleet filter as one SQL condition over FLEET_FROM; only the denormalized host columns are read. */
export function fleetFilterSql(filter: TFleetFilter = {}): Prisma.Sql {
  const terms: Prisma.Sql[] = [];
  // Both read what refreshHostVerdicts stored: the same values every listing shows.
  if (filter.verdicts) terms.push(Prisma.sql`h.verdict IN (${Prisma.join(filter.verdicts)})`);
  if (filter.statuses) terms.push(Prisma.sql`h."displayStatus" IN (${Prisma.join(filter.statuses)})`);
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
