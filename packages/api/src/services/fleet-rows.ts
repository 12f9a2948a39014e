import { Prisma, type PrismaClient } from '@standby/db';
import type { TFleetFilter, TFleetSort, TSortDirection } from '@standby/protocol';
import { fleetFilterSql } from './fleet-filter';
import { FLEET_FROM, VERDICT_RANK } from './fleet-sql';
import { HOST_SUMMARY_COLUMNS, type TSummaryRow } from './host-summary';
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
export interface TFleetRow extends TSummaryRow {
  pairId: string | null;
  configuredOptions: unknown;
  effectiveOptions: unknown;
  lastFindings: unknown;
  verdictReasons: unknown;
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
  status: [{ sql: VERDICT_RANK, kind: 'int' }, HOSTNAME, ID],
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
    SELECT ${Prisma.raw(HOST_SUMMARY_COLUMNS)}, h."pairId"::text AS "pairId",
      h."configuredOptions", h."effectiveOptions", h."lastFindings", h."verdictReasons",
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
