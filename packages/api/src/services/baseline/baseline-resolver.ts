import { compileBaseline, type TBaseline, type TBaselineResolver } from '@standby/domain';
import { z } from 'zod';
import type { SqlQueryable } from '../refresh-host-verdicts';

const ZOptions = z.record(z.string(), z.string());
/** The stored (already validated) form: read defensively, a hand-edited row means no baseline. */
const ZStoredBaselineSchema = z.object({
  fleet: ZOptions,
  pairs: z.record(z.string(), ZOptions),
  hosts: z.array(z.object({ match: z.string(), options: ZOptions })),
});

export function readStoredBaseline(value: unknown): TBaseline | null {
  const parsed = ZStoredBaselineSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * The active baseline is the newest row; its document is sent only when it is not the one cached (the
 * key adds the row's time: another database, a test's, can reuse the id).
 */
const ACTIVE_SQL = `SELECT b.key, CASE WHEN b.key = $1 THEN NULL ELSE b.document END AS document
  FROM (SELECT id::text || '@' || (extract(epoch FROM "createdAt") * 1000)::bigint::text AS key, document
        FROM "Baseline" ORDER BY id DESC LIMIT 1) b`;

let cached: { id: string; resolver: TBaselineResolver | null } = { id: '', resolver: null };

/**
 * The active baseline as a resolver (per host: what it wants there), or null without one. One short
 * statement per verdict refresh: the document is compiled once per baseline and kept by id.
 */
export async function readBaselineResolver(db: SqlQueryable): Promise<TBaselineResolver | null> {
  const { rows } = await db.query<{ key: string; document: unknown }>(ACTIVE_SQL, [cached.id]);
  const row = rows[0];
  if (!row) return null;
  if (row.key !== cached.id) {
    const baseline = row.document === null ? null : readStoredBaseline(row.document);
    cached = { id: row.key, resolver: baseline ? compileBaseline(baseline) : null };
  }
  return cached.resolver;
}
