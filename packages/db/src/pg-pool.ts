import pg from 'pg';

/**
 * A plain `pg` pool for the few hot paths where Prisma's per-query client work dominates (ingest
 * of thousands of results per second): one parameterized statement per batch, no query building.
 */
export function createPgPool(databaseUrl: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process;
  // the next query reconnects or reports the error to its caller.
  pool.on('error', () => {});
  return pool;
}

export type PgPool = pg.Pool;
