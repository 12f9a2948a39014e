import { Prisma } from '@standby/db';
import { HOST_STATUSES } from '@standby/domain';

// SQL fragments shared by the fleet listings. Aliases: h = "Host", p = "HaPair", a = "Agent".

export const FLEET_FROM = Prisma.sql`"Host" h
  LEFT JOIN "HaPair" p ON p.id = h."pairId"
  LEFT JOIN "Agent" a ON a."hostId" = h.id`;

/** Statuses a connected host can show; anything else stored (or no agent) shows as UNKNOWN. */
export const REPORTED_STATUSES = HOST_STATUSES.filter((status) => status !== 'UNKNOWN');

const reportedList = Prisma.join(REPORTED_STATUSES);

/** The status the fleet page shows (see toHostSummary): the stored one only while the agent is connected. */
export const DISPLAY_STATUS = Prisma.sql`(CASE WHEN a.connected IS TRUE AND h.status IN (${reportedList})
  THEN h.status ELSE 'UNKNOWN' END)`;

/** Worst first, for the status sort: a failing backup matters more than one we cannot see. */
export const STATUS_RANK = Prisma.sql`(CASE ${DISPLAY_STATUS}
  WHEN 'SERVICE_UNAVAILABLE' THEN 0 WHEN 'UNKNOWN' THEN 1 WHEN 'INITIALIZING' THEN 2 ELSE 3 END)`;
