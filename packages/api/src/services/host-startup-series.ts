import type { PrismaClient } from '@standby/db';
import type { TCheckStatus } from '@standby/domain';
import type { TStartupPoint } from '@standby/protocol';

/**
 * The newest `limit` runs of a host, oldest first, each with its slowest component's readyAfterMs: the
 * time the backup needed to be ready. One query: the page of runs from the (hostId, startedAt, id) index,
 * then their component rows grouped.
 */
export async function loadStartupSeries(
  prisma: PrismaClient,
  hostId: string,
  limit: number,
): Promise<TStartupPoint[]> {
  const rows = await prisma.$queryRaw<
    {
      runId: string;
      startedAt: Date;
      timeoutSec: number;
      status: TCheckStatus;
      maxReadyAfterMs: number | null;
      timedOut: boolean;
      neverReady: boolean;
    }[]
  >`
    SELECT r.id::text AS "runId", r."startedAt", r."timeoutSec", r.status, max(c."readyAfterMs") AS "maxReadyAfterMs",
      -- readyAfterMs of a timed-out component is its readiness observed after the deadline, if any.
      COALESCE(bool_or(c.state = 'timeout'), false) AS "timedOut",
      COALESCE(bool_or(c.state <> 'ready' AND c."readyAfterMs" IS NULL), false) AS "neverReady"
    FROM (
      SELECT id, "startedAt", "timeoutSec", status FROM "CheckRun"
      -- Only runs that waited for the components: a primary or a disabled check measures nothing.
      WHERE "hostId" = ${hostId}::uuid AND applicable AND "checkEnabled"
      ORDER BY "startedAt" DESC, id DESC
      LIMIT ${limit}
    ) r
    LEFT JOIN "ComponentResult" c ON c."runId" = r.id
    GROUP BY r.id, r."startedAt", r."timeoutSec", r.status
    ORDER BY r."startedAt" ASC, r.id ASC`;
  return rows.map((row) => ({ ...row, startedAt: row.startedAt.toISOString() }));
}
