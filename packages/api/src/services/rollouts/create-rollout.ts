import type { PrismaClient } from '@standby/db';
import { findRestrictedChangeGap, OPTION_CATALOG, type TOptionName } from '@standby/domain';
import { AppError, type TRolloutCreate } from '@standby/protocol';
import type { CommandBus } from '../../trpc';
import { recordAudit } from '../audit-log';
import type { Actor } from '../enrollment';
import { planOptionChange, validateRequestedValues } from '../option-plan';
import { advanceRollout } from './advance-rollout';
import { planWaves, rolloutOrder } from './plan-waves';
import type { TStoredRolloutPlan } from './stored-plan';

export interface TRolloutCreated {
  rolloutId: string;
  hosts: number;
  waves: number;
  /** Target hosts that already have (or will have) every value: not part of any wave. */
  unchanged: number;
}

/**
 * Plans a staged rollout (the same per-host planning as the dry run and a plain change: only hosts
 * the values would change, one member of each HA pair before any second one) and sends its canary
 * wave. Refused like the change itself (invalid values, a restricted option without confirmation
 * and reason) before anything is written.
 */
export async function createRollout(
  prisma: PrismaClient,
  bus: CommandBus,
  input: TRolloutCreate,
  actor: Actor,
): Promise<TRolloutCreated> {
  const { plan: wavePlan, ...request } = input;
  const { values, restricted } = validateRequestedValues(request.values);
  if (findRestrictedChangeGap(restricted, { confirmed: request.confirmRestricted, reason: request.reason })) {
    throw new AppError(
      'BAD_REQUEST',
      `${restricted.join(', ')} is restricted: confirm the change and give a reason.`,
    );
  }
  const plan = await planOptionChange(prisma, { target: request.target, values });
  if (plan.hosts.length === 0)
    throw new AppError('BAD_REQUEST', 'Every target host already has these values: nothing to roll out.');
  const waves = planWaves(
    rolloutOrder(plan.hosts).map((host) => host.hostId),
    wavePlan,
  );
  const stored: TStoredRolloutPlan = {
    canary: wavePlan.canary,
    next: wavePlan.next,
    waitsForRestart: Object.keys(values).some(
      (name) => OPTION_CATALOG[name as TOptionName]?.takesEffect === 'after-restart',
    ),
  };

  const rolloutId = await prisma.$transaction(async (tx) => {
    const rollout = await tx.rollout.create({
      data: {
        request: { ...request, values },
        plan: { ...stored },
        haltCount: wavePlan.haltCount ?? null,
        haltPercent: wavePlan.haltPercent ?? null,
        waveTimeoutSec: wavePlan.waveTimeoutSec,
        manualGo: wavePlan.manualGo,
        totalHosts: plan.hosts.length,
        actorId: actor.id,
        actorLabel: actor.label,
      },
      select: { id: true },
    });
    await tx.rolloutWave.createMany({
      data: waves.map((hostIds, index) => ({ rolloutId: rollout.id, index, hostIds })),
    });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'rollout.create',
      targetType: 'rollout',
      targetId: rollout.id,
      after: {
        values,
        hosts: plan.hosts.length,
        waves: waves.map((wave) => wave.length),
        haltCount: wavePlan.haltCount ?? null,
        haltPercent: wavePlan.haltPercent ?? null,
        waveTimeoutSec: wavePlan.waveTimeoutSec,
        manualGo: wavePlan.manualGo,
        ...(request.reason ? { reason: request.reason } : {}),
      },
      ip: actor.ip ?? null,
    });
    return rollout.id;
  });
  // The canary goes out now; the rollout workers take it from there.
  await advanceRollout(prisma, bus, rolloutId);
  return { rolloutId, hosts: plan.hosts.length, waves: waves.length, unchanged: plan.unchanged };
}
