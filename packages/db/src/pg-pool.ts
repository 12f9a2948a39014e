import pg from 'pg';

/** `timestamp without time zone` columns hold UTC (as Prisma writes them): read them as UTC. */
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (value) => new Date(`${value.replace(' ', 'T')}Z`));

/** Every session in UTC, whatever the server's or the machine's time zone: `now()` and casts agree with Prisma. */
export const UTC_SESSION = '-c TimeZone=UTC';

/**
 * A plain `pg` pool for the few hot paths where Prisma's per-query client work dominates (ingest
 * of thousands of results per second): one parameterized statement per batch, no query building.
 */
export function createPgPool(databaseUrl: string, max = 4): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, options: UTC_SESSION });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process;
  // the next query reconnects or reports the error to its caller.
  pool.on('error', () => {});
  return pool;
}

export type PgPool = pg.Pool;

/** The pool, or one of its clients inside a transaction. */
export type PgQueryable = pg.Pool | pg.PoolClient;
