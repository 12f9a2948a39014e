import type { Prisma, PrismaClient } from '@standby/db';
import { isAppError, type TOptionChangeRequest, type TWaveTally } from '@standby/protocol';
import type { CommandBus } from '../../trpc';
import { recordAudit } from '../audit-log';
import { requestOptionChange } from '../option-changes';
import { type TLockedRollout, withRolloutLock } from './rollout-lock';
import { readStoredPlan } from './stored-plan';
import { decideWave } from './wave-decision';
import { tallyWave } from './wave-tally';

export type TAdvanceOutcome = 'sent' | 'waiting' | 'passed' | 'halted' | 'completed' | 'idle';

/**
 * One step of a running rollout, under its row lock: send the current wave if it is not out yet;
 * otherwise judge it — wait, halt (too many rejected or failing, or timed out: nothing more is sent
 * until an operator acts), or pass and send the next wave (or end). Any node may call it any time.
 */
export async function advanceRollout(
  prisma: PrismaClient,
  bus: CommandBus,
  rolloutId: string,
): Promise<TAdvanceOutcome> {
  const outcome = await withRolloutLock(prisma, rolloutId, { skipLocked: true }, async (tx, rollout) => {
    if (rollout.state !== 'running') return 'idle' as const;
    return stepRollout(prisma, tx, bus, rollout);
  });
  return outcome === 'busy' || outcome === 'missing' ? 'idle' : outcome;
}

/** Every running rollout, one step each (a node's worker pass). Returns how many were moved on. */
export async function advanceRunningRollouts(prisma: PrismaClient, bus: CommandBus): Promise<number> {
  const running = await prisma.rollout.findMany({
    where: { state: 'running' },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  let moved = 0;
  for (const { id } of running) {
    const outcome = await advanceRollout(prisma, bus, id);
    if (outcome !== 'idle' && outcome !== 'waiting') moved++;
  }
  return moved;
}

/** The step itself, for a rollout already locked and running. */
export async function stepRollout(
  prisma: PrismaClient,
  tx: Prisma.TransactionClient,
  bus: CommandBus,
  rollout: TLockedRollout,
): Promise<TAdvanceOutcome> {
  const wave = await tx.rolloutWave.findUnique({
    where: { rolloutId_index: { rolloutId: rollout.id, index: rollout.currentWave } },
  });
  if (!wave) {
    await finish(tx, rollout);
    return 'completed';
  }
  if (wave.state === 'planned') {
    // Changes of this rollout reverted one by one (the revert of a change, not of the rollout): the
    // operator is undoing it, so no further wave goes out on its own.
    if (await revertedOutsideRollout(tx, rollout.id)) {
      const reason = `Some of its changes were reverted: wave ${wave.index + 1} not sent.`;
      await setState(tx, rollout, 'halted', reason, null);
      return 'halted';
    }
    await sendWave(prisma, tx, bus, rollout, wave.index, wave.hostIds);
    return 'sent';
  }
  const plan = readStoredPlan(rollout.plan);
  const tally = await tallyWave(tx, rollout.id, wave.index, plan.waitsForRestart);
  const elapsedSec = wave.sentAt ? (Date.now() - wave.sentAt.getTime()) / 1000 : 0;
  const decision = decideWave(
    tally,
    { haltCount: rollout.haltCount ?? undefined, haltPercent: rollout.haltPercent ?? undefined },
    elapsedSec,
    rollout.waveTimeoutSec,
  );
  const waveName = wave.index === 0 ? 'The canary wave' : `Wave ${wave.index + 1}`;
  switch (decision.kind) {
    case 'wait':
      await tx.rolloutWave.update({
        where: { rolloutId_index: { rolloutId: rollout.id, index: wave.index } },
        data: { tally },
      });
      return 'waiting';
    case 'halt':
    case 'timed-out': {
      await tx.rolloutWave.update({
        where: { rolloutId_index: { rolloutId: rollout.id, index: wave.index } },
        data: { tally, ...(decision.kind === 'halt' ? { state: 'halted', decidedAt: new Date() } : {}) },
      });
      const reason = `${waveName} halted: ${decision.reason}.`;
      await setState(tx, rollout, 'halted', reason, tally);
      return 'halted';
    }
    case 'pass': {
      await tx.rolloutWave.update({
        where: { rolloutId_index: { rolloutId: rollout.id, index: wave.index } },
        data: { tally, state: 'passed', decidedAt: new Date() },
      });
      if (rollout.manualGo) {
        await setState(tx, rollout, 'halted', `${waveName} passed: waiting for an operator's go.`, tally);
        return 'passed';
      }
      return goToNextWave(prisma, tx, bus, rollout);
    }
  }
}

/** Moves on to the wave after the current one and sends it (or ends the rollout after the last). */
export async function goToNextWave(
  prisma: PrismaClient,
  tx: Prisma.TransactionClient,
  bus: CommandBus,
  rollout: TLockedRollout,
): Promise<TAdvanceOutcome> {
  const next = { ...rollout, currentWave: rollout.currentWave + 1, state: 'running' };
  await tx.rollout.update({
    where: { id: rollout.id },
    data: { currentWave: next.currentWave, state: 'running', stateReason: null },
  });
  return stepRollout(prisma, tx, bus, next);
}

/**
 * Sends a wave through the one option-change path (validation, change records, audit), its commands
 * tagged with the rollout and the wave. A wave whose commands exist already was sent by a node that
 * died before recording it: it is not sent twice.
 */
async function sendWave(
  prisma: PrismaClient,
  tx: Prisma.TransactionClient,
  bus: CommandBus,
  rollout: TLockedRollout,
  index: number,
  hostIds: string[],
): Promise<void> {
  const already = await tx.agentCommand.count({ where: { rolloutId: rollout.id, wave: index } });
  let commands = already;
  if (already === 0 && hostIds.length > 0) {
    const request = rollout.request as TOptionChangeRequest;
    const waveRequest: TOptionChangeRequest = {
      ...request,
      target: { kind: 'hosts', hostIds },
      reason: [request.reason, `rollout wave ${index + 1}`].filter(Boolean).join(' · '),
    };
    try {
      const sent = await requestOptionChange(
        prisma,
        bus,
        waveRequest,
        { id: rollout.actorId ?? 'unknown', label: rollout.actorLabel },
        { rolloutId: rollout.id, wave: index },
      );
      commands = sent.commandIds.length;
    } catch (error) {
      // Every host of the wave removed since: nothing to send, the wave passes as unchanged.
      if (!(isAppError(error) && error.code === 'BAD_REQUEST' && /No host matches/.test(error.message)))
        throw error;
    }
  }
  await tx.rolloutWave.update({
    where: { rolloutId_index: { rolloutId: rollout.id, index } },
    data: { state: 'sent', sentAt: new Date() },
  });
  await recordAudit(tx, {
    actorType: 'system',
    actorId: null,
    actorLabel: 'rollout',
    action: 'rollout.wave-sent',
    targetType: 'rollout',
    targetId: rollout.id,
    before: { currentWave: rollout.currentWave, state: rollout.state },
    after: { wave: index + 1, hosts: hostIds.length, commands },
  });
}

async function revertedOutsideRollout(tx: Prisma.TransactionClient, rolloutId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ reverted: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "OptionChange" revert
      JOIN "OptionChange" original ON original.id = revert."revertsChangeId"
      JOIN "AgentCommand" c ON c.id = original."commandId"
      WHERE c."rolloutId" = ${rolloutId}::uuid
    ) AS reverted`;
  return row?.reverted ?? false;
}

async function finish(tx: Prisma.TransactionClient, rollout: TLockedRollout): Promise<void> {
  await setState(tx, rollout, 'completed', 'Every wave passed.', null);
}

/** A state change of the rollout, audited with before and after. */
export async function setState(
  tx: Prisma.TransactionClient,
  rollout: TLockedRollout,
  state: string,
  reason: string,
  tally: TWaveTally | null,
  actor: { id: string | null; label: string; ip?: string | null } | null = null,
): Promise<void> {
  await tx.rollout.update({ where: { id: rollout.id }, data: { state, stateReason: reason } });
  await recordAudit(tx, {
    actorType: actor ? 'user' : 'system',
    actorId: actor?.id ?? null,
    actorLabel: actor?.label ?? 'rollout',
    action: `rollout.${state === 'running' ? 'continue' : state === 'halted' ? 'halt' : state === 'reverted' ? 'revert' : 'complete'}`,
    targetType: 'rollout',
    targetId: rollout.id,
    before: { state: rollout.state, wave: rollout.currentWave + 1, reason: rollout.stateReason },
    after: { state, wave: rollout.currentWave + 1, reason, ...(tally ? { tally } : {}) },
    ip: actor?.ip ?? null,
  });
}
