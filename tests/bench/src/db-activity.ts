import type { PrismaClient } from '@standby/db';

export interface TDbActivity {
  /** Committed transactions; a statement outside a transaction is one. */
  commits: number;
  rowsInserted: number;
  rowsUpdated: number;
}

async function read(prisma: PrismaClient): Promise<TDbActivity> {
  const [stats] = await prisma.$queryRaw<{ commits: bigint; inserted: bigint; updated: bigint }[]>`
    SELECT xact_commit AS commits, tup_inserted AS inserted, tup_updated AS updated
    FROM pg_stat_database WHERE datname = current_database()`;
  return {
    commits: Number(stats?.commits ?? 0),
    rowsInserted: Number(stats?.inserted ?? 0),
    rowsUpdated: Number(stats?.updated ?? 0),
  };
}

/**
 * PostgreSQL's own counters over an interval (pg_stat_database, all clients of the database): how
 * many round trips of work the dashboard asked for. The statistics are flushed by each backend at
 * most every second or so, hence the pause before the final read.
 */
export async function startDbActivity(prisma: PrismaClient): Promise<{ stop(): Promise<TDbActivity> }> {
  const start = await read(prisma);
  return {
    stop: async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const end = await read(prisma);
      return {
        commits: end.commits - start.commits,
        rowsInserted: end.rowsInserted - start.rowsInserted,
        rowsUpdated: end.rowsUpdated - start.rowsUpdated,
      };
    },
  };
}
