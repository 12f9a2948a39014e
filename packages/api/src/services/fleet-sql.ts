import { Prisma } from '@standby/db';

// SQL fragments shared by the fleet listings. Aliases: h = "Host", p = "HaPair", a = "Agent".

export const FLEET_FROM = Prisma.sql`"Host" h
  LEFT JOIN "HaPair" p ON p.id = h."pairId"
  LEFT JOIN "Agent" a ON a."hostId" = h.id`;

/** Worst first, for the verdict sort: a backup that would not serve matters more than one we cannot see. */
export const VERDICT_RANK = Prisma.sql`(CASE h.verdict
  WHEN 'would-not-serve' THEN 0 WHEN 'unknown' THEN 1 WHEN 'not-verified' THEN 2 WHEN 'would-serve' THEN 3 ELSE 4 END)`;
