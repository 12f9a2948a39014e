import { Prisma, type PrismaClient } from '@standby/db';
import type { TCheckResult } from '@standby/protocol';

export interface CheckResultToStore {
  hostId: string;
  result: TCheckResult;
  /** Replayed from the agent's spool rather than sent live. */
  late: boolean;
}

/**
 * Stores a batch of check runs with their per-component rows in one transaction and a fixed
 * number of statements, whatever the batch size. Idempotent on the agent-made run id: a run
 * already stored reports `stored: false`. Each host moves forward only to its newest run, and a
 * SIP Server start after an applied option change ends the host's "pending restart".
 * Resolves after the commit, so the caller may ack the agents.
 */
export async function storeCheckResults(
  prisma: PrismaClient,
  batch: readonly CheckResultToStore[],
): Promise<boolean[]> {
  if (batch.length === 0) return [];
  // The same run twice in one batch (a fast replay) is stored once.
  const firstIndexOfRun = new Map<string, number>();
  batch.forEach((item, index) => {
    if (!firstIndexOfRun.has(item.result.runId)) firstIndexOfRun.set(item.result.runId, index);
  });
  const unique = [...firstIndexOfRun.values()].map((index) => batch[index]!);

  const insertedIds = await prisma.$transaction(async (tx) => {
    const inserted = await tx.checkRun.createManyAndReturn({
      data: unique.map(({ hostId, result, late }) => toCheckRunRow(hostId, result, late)),
      skipDuplicates: true,
      select: { id: true },
    });
    const ids = new Set(inserted.map((row) => row.id));
    if (ids.size === 0) return ids;
    const stored = unique.filter((item) => ids.has(item.result.runId));
    await tx.componentResult.createMany({
      data: stored.flatMap(({ result }) =>
        result.components.map((component) => ({ runId: result.runId, ...component })),
      ),
    });
    await advanceHosts(tx, newestPerHost(stored));
    return ids;
  });
  return batch.map(
    (item, index) => firstIndexOfRun.get(item.result.runId) === index && insertedIds.has(item.result.runId),
  );
}

function toCheckRunRow(hostId: string, result: TCheckResult, late: boolean): Prisma.CheckRunCreateManyInput {
  return {
    id: result.runId,
    hostId,
    status: result.status,
    applicable: result.applicable,
    mode: result.mode,
    checkEnabled: result.checkEnabled,
    timeoutSec: result.timeoutSec,
    trigger: result.trigger,
    startedAt: new Date(result.startedAt),
    finishedAt: new Date(result.finishedAt),
    durationMs: result.durationMs,
    portState: result.portCheck.state,
    portReason: result.portCheck.reason,
    port: result.portCheck.port,
    address: result.portCheck.address,
    findings: result.findings,
    options: result.options,
    late,
  };
}

function newestPerHost(items: readonly CheckResultToStore[]): CheckResultToStore[] {
  const newest = new Map<string, CheckResultToStore>();
  for (const item of items) {
    const current = newest.get(item.hostId);
    if (!current || current.result.finishedAt < item.result.finishedAt) newest.set(item.hostId, item);
  }
  return [...newest.values()];
}

type Transaction = Prisma.TransactionClient;

/** One UPDATE for all hosts: status, since-when, latest findings; a late replay never moves a host back. */
async function advanceHosts(tx: Transaction, items: readonly CheckResultToStore[]): Promise<void> {
  const rows = items.map(({ hostId, result }) => {
    const counts = { critical: 0, warning: 0, info: 0 };
    for (const finding of result.findings) counts[finding.severity]++;
    return Prisma.sql`(${hostId}::uuid, ${result.runId}::uuid, ${result.status}, ${result.trigger},
      ${new Date(result.startedAt)}::timestamptz, ${new Date(result.finishedAt)}::timestamptz,
      ${JSON.stringify(result.findings)}::jsonb, ${counts.critical}::int, ${counts.warning}::int, ${counts.info}::int)`;
  });
  const restarted = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Host" AS h SET
      "status" = v.status,
      "statusSince" = CASE WHEN h."status" = v.status AND h."statusSince" IS NOT NULL THEN h."statusSince" ELSE v.finished END,
      "lastCheckAt" = v.finished,
      "lastRunId" = v.run,
      "lastFindings" = v.findings,
      "findingsCritical" = v.critical,
      "findingsWarning" = v.warning,
      "findingsInfo" = v.info,
      "pendingRestart" = h."pendingRestart" AND NOT (v.trigger = 'start' AND v.started > COALESCE(h."pendingSince", '-infinity'::timestamptz)),
      "updatedAt" = now()
    FROM (VALUES ${Prisma.join(rows)}) AS v(host, run, status, trigger, started, finished, findings, critical, warning, info)
    WHERE h.id = v.host AND (h."lastCheckAt" IS NULL OR h."lastCheckAt" <= v.finished)
    RETURNING CASE WHEN h."pendingRestart" THEN NULL ELSE h.id END AS id`;
  // Changes waiting for a restart are now in effect on hosts whose SIP Server started since.
  const hostIds = restarted.flatMap((row) => (row.id ? [row.id] : []));
  if (hostIds.length > 0) {
    await tx.optionChange.updateMany({
      where: { hostId: { in: hostIds }, state: 'pending-restart' },
      data: { state: 'effective' },
    });
  }
}
