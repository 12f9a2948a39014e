import { Prisma, type PrismaClient } from '@standby/db';
import type { THostStatus } from '@standby/domain';
import type { TFleetFilter, TFleetSort, TSortDirection } from '@standby/protocol';
import { fleetFilterSql } from './fleet-filter';
import { DISPLAY_STATUS, FLEET_FROM, STATUS_RANK } from './fleet-sql';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import {
  checkKeyValues,
  keysetAfter,
  keysetColumns,
  keysetOrderBy,
  keyValuesOf,
  type TKeyPart,
} from './keyset-sql';

/** One host as the fleet listings read it: one join, denormalized finding counts, no per-host subquery. */
export interface TFleetRow {
  id: string;
  hostname: string;
  application: string;
  pairId: string | null;
  pairName: string | null;
  mode: string;
  version: string | null;
  displayStatus: THostStatus;
  statusSince: Date | null;
  lastCheckAt: Date | null;
  connected: boolean;
  pendingRestart: boolean;
  findingsCritical: number;
  findingsWarning: number;
  findingsInfo: number;
  configuredOptions: unknown;
  effectiveOptions: unknown;
  lastFindings: unknown;
}

export interface TFleetRowsQuery {
  filter?: TFleetFilter | undefined;
  sort: TFleetSort;
  direction: TSortDirection;
  limit: number;
  cursor?: string | undefined;
}

const ID: TKeyPart = { sql: Prisma.sql`h.id`, kind: 'uuid' };
const HOSTNAME: TKeyPart = { sql: Prisma.sql`h.hostname`, kind: 'text' };

/** Each sort's key, ending with the id so that ties have a total order. */
const SORT_KEYS: Record<TFleetSort, TKeyPart[]> = {
  pair: [{ sql: Prisma.sql`p.name`, kind: 'text', nullable: true }, HOSTNAME, ID],
  hostname: [HOSTNAME, ID],
  status: [{ sql: STATUS_RANK, kind: 'int' }, HOSTNAME, ID],
  lastCheckAt: [{ sql: Prisma.sql`h."lastCheckAt"`, kind: 'timestamp', nullable: true }, ID],
};

/** A keyset page of hosts: `WHERE filter AND (key, id) > cursor ORDER BY key, id LIMIT n`. */
export async function queryFleetRows(
  prisma: PrismaClient,
  query: TFleetRowsQuery,
): Promise<{ rows: TFleetRow[]; nextCursor: string | null }> {
  const parts = SORT_KEYS[query.sort];
  const scope = `fleet:${query.sort}:${query.direction}`;
  let keyset = Prisma.sql`TRUE`;
  if (query.cursor) {
    const values = decodeCursor(query.cursor, scope, parts.length);
    checkKeyValues(parts, values, scope);
    keyset = keysetAfter(parts, values, query.direction);
  }
  const rows = await prisma.$queryRaw<(TFleetRow & Record<string, unknown>)[]>`
    SELECT h.id::text AS id, h.hostname, h.application, h."pairId"::text AS "pairId", p.name AS "pairName",
      h.mode, h.version, ${DISPLAY_STATUS} AS "displayStatus", h."statusSince", h."lastCheckAt",
      COALESCE(a.connected, false) AS connected, h."pendingRestart",
      h."findingsCritical", h."findingsWarning", h."findingsInfo",
      h."configuredOptions", h."effectiveOptions", h."lastFindings",
      ${keysetColumns(parts)}
    FROM ${FLEET_FROM}
    WHERE ${fleetFilterSql(query.filter)} AND ${keyset}
    ORDER BY ${keysetOrderBy(parts, query.direction)}
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor(scope, keyValuesOf(parts, last)) : null;
  return { rows: page, nextCursor };
}
