import { Prisma, type PrismaClient } from '@standby/db';
import { FINDING_SEVERITIES, type TFindingSeverity } from '@standby/domain';
import type { TFleetFindingsPage } from '@standby/protocol';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import {
  checkKeyValues,
  keysetAfter,
  keysetColumns,
  keysetOrderBy,
  keyValuesOf,
  type TKeyPart,
} from './keyset-sql';

export interface TFleetFindingsQuery {
  severity?: TFindingSeverity | undefined;
  code?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

// (hostname, host id, code, option): the option makes the key unique, as one code may name several options.
const KEY: TKeyPart[] = [
  { sql: Prisma.sql`f.hostname`, kind: 'text' },
  { sql: Prisma.sql`f."hostId"`, kind: 'uuid' },
  { sql: Prisma.sql`f.code`, kind: 'text' },
  { sql: Prisma.sql`f.option`, kind: 'text' },
];
const SCOPE = 'fleet-findings';

interface TRow {
  hostId: string;
  hostname: string;
  pairId: string | null;
  pairName: string | null;
  code: string;
  severity: TFindingSeverity;
  message: string;
  option: string;
  suggestedValue: string | null;
}

/**
 * findings.list: every host's current findings as its verdict evaluation stored them (Host.lastFindings: the
 * same list as the host page), one row per (host, code, option).
 */
export async function listFleetFindings(
  prisma: PrismaClient,
  query: TFleetFindingsQuery,
): Promise<TFleetFindingsPage> {
  let keyset = Prisma.sql`TRUE`;
  // Hosts before the cursor's host are skipped through the (hostname, id) index before expanding findings.
  let hostRange = Prisma.sql`TRUE`;
  if (query.cursor) {
    const values = decodeCursor(query.cursor, SCOPE, KEY.length);
    checkKeyValues(KEY, values, SCOPE);
    keyset = keysetAfter(KEY, values, 'asc');
    hostRange = Prisma.sql`(h.hostname, h.id) >= (${values[0]}::text, ${values[1]}::uuid)`;
  }
  const rows = await prisma.$queryRaw<(TRow & Record<string, unknown>)[]>`
    SELECT DISTINCT ON (f.hostname, f."hostId", f.code, f.option)
      f."hostId"::text AS "hostId", f.hostname, f."pairId"::text AS "pairId", f."pairName", f.code, f.severity,
      f.message, f.option, f."suggestedValue", ${keysetColumns(KEY)}
    FROM (
      SELECT h.id AS "hostId", h.hostname, h."pairId", p.name AS "pairName",
        e.value->>'code' AS code, e.value->>'severity' AS severity, COALESCE(e.value->>'message', '') AS message,
        COALESCE(e.value->>'option', '') AS option, e.value->>'suggestedValue' AS "suggestedValue", e.ord
      FROM "Host" h
        LEFT JOIN "HaPair" p ON p.id = h."pairId"
        CROSS JOIN LATERAL jsonb_array_elements(
          CASE WHEN jsonb_typeof(h."lastFindings") = 'array' THEN h."lastFindings" ELSE '[]'::jsonb END
        ) WITH ORDINALITY AS e(value, ord)
      WHERE ${hostRange} AND jsonb_typeof(e.value) = 'object'
    ) f
    WHERE f.code IS NOT NULL AND f.severity IN (${Prisma.join(FINDING_SEVERITIES)})
      AND ${query.severity ? Prisma.sql`f.severity = ${query.severity}` : Prisma.sql`TRUE`}
      AND ${query.code ? Prisma.sql`f.code = ${query.code}` : Prisma.sql`TRUE`}
      AND ${keyset}
    ORDER BY ${keysetOrderBy(KEY, 'asc')}, f.ord
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    findings: page.map((row) => ({
      hostId: row.hostId,
      hostname: row.hostname,
      pair: row.pairId && row.pairName !== null ? { id: row.pairId, name: row.pairName } : null,
      code: row.code,
      severity: row.severity,
      message: row.message,
      option: row.option === '' ? null : row.option,
      suggestedValue: row.suggestedValue,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(SCOPE, keyValuesOf(KEY, last)) : null,
  };
}
