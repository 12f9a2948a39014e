import type { Prisma, PrismaClient } from '@standby/db';

export interface TLockedRollout {
  id: string;
  state: string;
  stateReason: string | null;
  request: unknown;
  plan: unknown;
  haltCount: number | null;
  haltPercent: number | null;
  waveTimeoutSec: number;
  manualGo: boolean;
  currentWave: number;
  actorId: string | null;
  actorLabel: string;
}

/**
 * Runs `work` holding the rollout's row lock, so one node (or one operator action) at a time moves
 * it. `skipLocked`: a worker passes over a rollout another node is moving; an operator's action waits.
 * FOR NO KEY UPDATE, not FOR UPDATE: the commands a wave inserts (on another connection) reference the
 * rollout, and their foreign-key check must not wait for this lock. A node that dies mid-way loses its
 * connection and the lock with it: the next pass of any node takes over.
 */
export async function withRolloutLock<T>(
  prisma: PrismaClient,
  rolloutId: string,
  options: { skipLocked: boolean },
  work: (tx: Prisma.TransactionClient, rollout: TLockedRollout) => Promise<T>,
): Promise<T | 'busy' | 'missing'> {
  return prisma.$transaction(
    async (tx) => {
      const rows = options.skipLocked
        ? await tx.$queryRaw<TLockedRollout[]>`
            SELECT * FROM "Rollout" WHERE id = ${rolloutId}::uuid FOR NO KEY UPDATE SKIP LOCKED`
        : await tx.$queryRaw<TLockedRollout[]>`
            SELECT * FROM "Rollout" WHERE id = ${rolloutId}::uuid FOR NO KEY UPDATE`;
      const rollout = rows[0];
      if (!rollout) {
        const exists = await tx.rollout.count({ where: { id: rolloutId } });
        return exists ? 'busy' : 'missing';
      }
      return work(tx, rollout);
    },
    // Sending a wave of thousands of hosts happens under the lock.
    { timeout: 120_000, maxWait: 15_000 },
  );
}
