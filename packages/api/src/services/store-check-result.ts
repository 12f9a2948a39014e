import type { PrismaClient } from '@standby/db';
import type { TCheckResult } from '@standby/protocol';

export interface StoreCheckResultInput {
  hostId: string;
  result: TCheckResult;
  /** Replayed from the agent's spool rather than sent live. */
  late: boolean;
}

/**
 * Stores one check run with its per-component rows, idempotently on the agent-made run id, and
 * moves the host's status forward only if this run is its newest. Resolves after the commit, so
 * the caller may ack the agent.
 */
export async function storeCheckResult(
  prisma: PrismaClient,
  { hostId, result, late }: StoreCheckResultInput,
): Promise<{ stored: boolean }> {
  const startedAt = new Date(result.startedAt);
  const finishedAt = new Date(result.finishedAt);
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.checkRun.createMany({
      data: [
        {
          id: result.runId,
          hostId,
          status: result.status,
          applicable: result.applicable,
          mode: result.mode,
          checkEnabled: result.checkEnabled,
          timeoutSec: result.timeoutSec,
          trigger: result.trigger,
          startedAt,
          finishedAt,
          durationMs: result.durationMs,
          portState: result.portCheck.state,
          portReason: result.portCheck.reason,
          port: result.portCheck.port,
          address: result.portCheck.address,
          findings: result.findings,
          options: result.options,
          late,
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return { stored: false };
    await tx.componentResult.createMany({
      data: result.components.map((component) => ({ runId: result.runId, ...component })),
    });
    const host = await tx.host.findUniqueOrThrow({
      where: { id: hostId },
      select: { status: true, statusSince: true, lastCheckAt: true },
    });
    const isNewest = !host.lastCheckAt || host.lastCheckAt <= finishedAt;
    if (isNewest) {
      const statusChanged = host.status !== result.status;
      await tx.host.update({
        where: { id: hostId },
        data: {
          status: result.status,
          statusSince: statusChanged || !host.statusSince ? finishedAt : host.statusSince,
          lastCheckAt: finishedAt,
          lastRunId: result.runId,
        },
      });
    }
    return { stored: true };
  });
}
