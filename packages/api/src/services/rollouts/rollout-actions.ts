import type { PrismaClient } from '@standby/db';
import { AppError, isAppError } from '@standby/protocol';
import type { CommandBus } from '../../trpc';
import type { Actor } from '../enrollment';
import { revertOptionChanges } from '../option-revert';
import { goToNextWave, setState, type TAdvanceOutcome } from './advance-rollout';
import { type TLockedRollout, withRolloutLock } from './rollout-lock';

/** Runs an operator's action under the rollout's lock (waiting for a worker's step to end). */
async function operatorAction<T>(
  prisma: PrismaClient,
  rolloutId: string,
  work: (rollout: TLockedRollout, tx: Parameters<Parameters<typeof withRolloutLock>[3]>[0]) => Promise<T>,
): Promise<T> {
  const outcome = await withRolloutLock(prisma, rolloutId, { skipLocked: false }, (tx, rollout) =>
    work(rollout, tx),
  );
  if (outcome === 'missing' || outcome === 'busy') throw new AppError('NOT_FOUND', 'No such rollout.');
  return outcome;
}

const byOperator = (actor: Actor, reason: string | undefined, what: string) =>
  `${what} by ${actor.label}${reason ? `: ${reason}` : ''}.`;

/** Stops a running rollout: nothing more is sent until an operator continues or reverts it. */
export async function haltRollout(
  prisma: PrismaClient,
  rolloutId: string,
  actor: Actor,
  reason?: string,
): Promise<{ state: string }> {
  return operatorAction(prisma, rolloutId, async (rollout, tx) => {
    if (rollout.state !== 'running')
      throw new AppError(
        'CONFLICT',
        `The rollout is ${rollout.state}: only a running rollout can be halted.`,
      );
    await setState(tx, rollout, 'halted', byOperator(actor, reason, 'Halted'), null, actor);
    return { state: 'halted' };
  });
}

/**
 * An operator's go on a halted rollout: the current wave is taken as passed whatever its tally, and
 * the next wave is sent now (the rollout ends if that was the last).
 */
export async function continueRollout(
  prisma: PrismaClient,
  bus: CommandBus,
  rolloutId: string,
  actor: Actor,
  reason?: string,
): Promise<{ state: string; outcome: TAdvanceOutcome }> {
  return operatorAction(prisma, rolloutId, async (rollout, tx) => {
    if (rollout.state !== 'halted')
      throw new AppError(
        'CONFLICT',
        `The rollout is ${rollout.state}: only a halted rollout can be continued.`,
      );
    await setState(tx, rollout, 'running', byOperator(actor, reason, 'Continued'), null, actor);
    const outcome = await goToNextWave(prisma, tx, bus, { ...rollout, state: 'running' });
    const after = await tx.rollout.findUniqueOrThrow({ where: { id: rolloutId }, select: { state: true } });
    return { state: after.state, outcome };
  });
}

/**
 * Sends every host the rollout changed its previous values (the one revert path: same validation,
 * change records and audit), stops the rollout for good and skips the waves not sent.
 */
export async function revertRollout(
  prisma: PrismaClient,
  bus: CommandBus,
  rolloutId: string,
  actor: Actor,
  reason?: string,
): Promise<{ state: string; commandIds: string[]; hosts: number }> {
  return operatorAction(prisma, rolloutId, async (rollout, tx) => {
    if (rollout.state === 'reverted') throw new AppError('CONFLICT', 'The rollout is already reverted.');
    const reverted = await revertOptionChanges(prisma, bus, { rolloutId }, actor, reason).catch(
      (error: unknown) => {
        // A rollout whose waves changed nothing yet has nothing to send back: it still ends here.
        if (isAppError(error) && error.code === 'NOT_FOUND') return { commandIds: [] as string[] };
        throw error;
      },
    );
    await tx.rolloutWave.updateMany({ where: { rolloutId, state: 'planned' }, data: { state: 'skipped' } });
    const revertedSummary = `${reverted.commandIds.length} hosts sent their previous values`;
    await setState(
      tx,
      rollout,
      'reverted',
      `${byOperator(actor, reason, 'Reverted').slice(0, -1)} (${revertedSummary}).`,
      null,
      actor,
    );
    return { state: 'reverted', commandIds: reverted.commandIds, hosts: reverted.commandIds.length };
  });
}
