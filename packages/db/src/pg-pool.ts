import pg from 'pg';

/**
 * A plain `pg` pool for the few hot paths where Prisma's per-query client work dominates (ingest
 * of thousands of results per second): one parameterized statement per batch, no query building.
 */
export function createPgPool(databaseUrl: string, max = 4): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max });
}

export type PgPool = pg.Pool;
