import type { PrismaClient } from '@standby/db';
import { AppError, type TRolloutHostView, type TRolloutSummary, type TRolloutView } from '@standby/protocol';
import { readStoredPlan } from './stored-plan';
import { tallyWave } from './wave-tally';

type RolloutRow = Awaited<ReturnType<PrismaClient['rollout']['findFirstOrThrow']>> & {
  _count: { waves: number };
};

function summaryOf(row: RolloutRow): TRolloutSummary {
  const request = row.request as { values?: Record<string, string>; reason?: string };
  return {
    id: row.id,
    state: row.state,
    stateReason: row.stateReason,
    values: request.values ?? {},
    reason: request.reason ?? null,
    totalHosts: row.totalHosts,
    waves: row._count.waves,
    currentWave: row.currentWave + 1,
    actorLabel: row.actorLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** rollouts.list: newest first. */
export async function listRollouts(
  prisma: PrismaClient,
  query: { state?: string | undefined; limit: number },
): Promise<TRolloutSummary[]> {
  const rows = await prisma.rollout.findMany({
    where: query.state ? { state: query.state } : {},
    orderBy: { createdAt: 'desc' },
    take: query.limit,
    include: { _count: { select: { waves: true } } },
  });
  return rows.map(summaryOf);
}

/** rollouts.get: the rollout, its waves (tallies read live for the sent ones) and its hosts' standing. */
export async function getRollout(prisma: PrismaClient, rolloutId: string): Promise<TRolloutView> {
  const row = await prisma.rollout.findUnique({
    where: { id: rolloutId },
    include: { _count: { select: { waves: true } } },
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such rollout.');
  const plan = readStoredPlan(row.plan);
  const waves = await prisma.rolloutWave.findMany({
    where: { rolloutId },
    orderBy: { index: 'asc' },
    select: { index: true, state: true, sentAt: true, decidedAt: true, tally: true, hostIds: true },
  });
  const waveList = await Promise.all(
    waves.map(async (wave) => ({
      index: wave.index,
      state: wave.state,
      hosts: wave.hostIds.length,
      sentAt: wave.sentAt?.toISOString() ?? null,
      decidedAt: wave.decidedAt?.toISOString() ?? null,
      tally: wave.sentAt ? await tallyWave(prisma, rolloutId, wave.index, plan.waitsForRestart) : null,
    })),
  );
  return {
    ...summaryOf(row),
    haltCount: row.haltCount,
    haltPercent: row.haltPercent,
    waveTimeoutSec: row.waveTimeoutSec,
    manualGo: row.manualGo,
    waitsForRestart: plan.waitsForRestart,
    waveList,
    hosts: await rolloutHosts(prisma, rolloutId, plan.waitsForRestart),
  };
}

/** Each host of the sent waves and where it stands (the same reading as the wave tally). */
async function rolloutHosts(
  prisma: PrismaClient,
  rolloutId: string,
  waitsForRestart: boolean,
): Promise<TRolloutHostView[]> {
  return prisma.$queryRaw<TRolloutHostView[]>`
    WITH wave AS (
      SELECT index AS wave, unnest("hostIds") AS "hostId" FROM "RolloutWave"
      WHERE "rolloutId" = ${rolloutId}::uuid AND "sentAt" IS NOT NULL
    ),
    cmd AS (
      SELECT DISTINCT ON (c."hostId", c.wave) c."hostId", c.wave, c.state, c."stateReason", c."ackedAt"
      FROM "AgentCommand" c WHERE c."rolloutId" = ${rolloutId}::uuid
      ORDER BY c."hostId", c.wave, c.id DESC
    ),
    per_host AS (
      SELECT w.wave, w."hostId", cmd.state, cmd."stateReason", CASE WHEN NOT ${waitsForRestart} THEN 'RUNNING' ELSE (
        SELECT r.status FROM "CheckRun" r
        WHERE r."hostId" = w."hostId" AND r."startedAt" >= cmd."ackedAt"
          AND (r.trigger = 'start' OR r."serverStartedAt" > cmd."ackedAt")
        ORDER BY r."startedAt" ASC LIMIT 1
      ) END AS after
      FROM wave w LEFT JOIN cmd ON cmd."hostId" = w."hostId" AND cmd.wave = w.wave
    ),
    judged AS (
      SELECT p.*, CASE
        WHEN state IS NULL THEN 'unchanged'
        WHEN state IN ('pending', 'delivered') THEN 'waiting'
        WHEN state = 'rejected' THEN 'rejected'
        WHEN after IS NULL THEN 'applied'
        WHEN after = 'RUNNING' THEN 'passed'
        ELSE 'failing' END AS judged
      FROM per_host p
    )
    SELECT j."hostId"::text AS "hostId", h.hostname, j.wave + 1 AS wave, j.judged AS state,
      CASE WHEN j.judged = 'failing' THEN 'the check after the restart: ' || j.after ELSE j."stateReason" END AS reason
    FROM judged j JOIN "Host" h ON h.id = j."hostId"
    ORDER BY (j.judged IN ('rejected', 'failing')) DESC, j.wave, h.hostname
    LIMIT 200`;
}
