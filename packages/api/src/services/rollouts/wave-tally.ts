import type { Prisma, PrismaClient } from '@standby/db';
import type { TWaveTally } from '@standby/protocol';

type Reader = Pick<PrismaClient, '$queryRaw'> | Prisma.TransactionClient;

/**
 * Where each host of a sent wave stands, from the wave's own commands (tagged rolloutId + wave) and
 * the host's check runs: the first check run after a SIP Server start that followed the apply is the
 * one that says whether the change is safe (RUNNING passes). A host with no command of the wave
 * already had the values. Options that need no restart pass once applied.
 */
export async function tallyWave(
  db: Reader,
  rolloutId: string,
  wave: number,
  waitsForRestart: boolean,
): Promise<TWaveTally> {
  const [row] = await db.$queryRaw<TWaveTally[]>`
    WITH wave AS (
      SELECT unnest("hostIds") AS "hostId" FROM "RolloutWave"
      WHERE "rolloutId" = ${rolloutId}::uuid AND index = ${wave}
    ),
    cmd AS (
      SELECT DISTINCT ON (c."hostId") c."hostId", c.state, c."ackedAt"
      FROM "AgentCommand" c
      WHERE c."rolloutId" = ${rolloutId}::uuid AND c.wave = ${wave}
      ORDER BY c."hostId", c.id DESC
    ),
    per_host AS (
      SELECT cmd.state, CASE WHEN NOT ${waitsForRestart} THEN 'RUNNING' ELSE (
        SELECT r.status FROM "CheckRun" r
        WHERE r."hostId" = w."hostId" AND r."startedAt" >= cmd."ackedAt"
          AND (r.trigger = 'start' OR r."serverStartedAt" > cmd."ackedAt")
        ORDER BY r."startedAt" ASC LIMIT 1
      ) END AS after
      FROM wave w LEFT JOIN cmd ON cmd."hostId" = w."hostId"
    )
    SELECT count(*)::int AS hosts,
      count(*) FILTER (WHERE state IS NULL)::int AS unchanged,
      count(*) FILTER (WHERE state IN ('pending', 'delivered'))::int AS waiting,
      count(*) FILTER (WHERE state = 'applied' AND after IS NULL)::int AS applied,
      count(*) FILTER (WHERE state = 'rejected')::int AS rejected,
      count(*) FILTER (WHERE state = 'applied' AND after = 'RUNNING')::int AS passed,
      count(*) FILTER (WHERE state = 'applied' AND after IS NOT NULL AND after <> 'RUNNING')::int AS failing
    FROM per_host`;
  return row ?? { hosts: 0, unchanged: 0, waiting: 0, applied: 0, rejected: 0, passed: 0, failing: 0 };
}
