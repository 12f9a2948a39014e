import type { PrismaClient } from '@standby/db';

const BATCH = 5_000;

/**
 * Deletes check runs (and, by cascade, their component rows) that started before `before`, in
 * batches of its own short transaction, so that ingest never waits behind one huge delete. Each
 * host's latest run is kept whatever its age: it is what the fleet page shows. Safe to run on
 * several nodes at once (a batch that finds nothing left simply ends). Returns how many went.
 */
export async function pruneCheckRuns(prisma: PrismaClient, before: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await prisma.$executeRaw`
      DELETE FROM "CheckRun" WHERE id IN (
        SELECT r.id FROM "CheckRun" r
        WHERE r."startedAt" < ${before}
          AND NOT EXISTS (SELECT 1 FROM "Host" h WHERE h."lastRunId" = r.id)
        LIMIT ${BATCH})`;
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
