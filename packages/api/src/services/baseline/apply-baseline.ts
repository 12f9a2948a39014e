import type { PrismaClient } from '@standby/db';
import { AppError, type TRolloutPlan } from '@standby/protocol';
import type { CommandBus } from '../../trpc';
import type { Actor } from '../enrollment';
import { createRollout } from '../rollouts/create-rollout';
import { planBaseline } from './baseline-dry-run';

export interface TBaselineApplied {
  /** One staged rollout per distinct set of changes (hosts needing the same values share one). */
  rolloutIds: string[];
  hosts: number;
}

/**
 * baseline.apply: the dry run again (the fleet may have moved since it was shown), then one staged
 * rollout per group of hosts that need the same changes — each with the operator's wave plan, halt
 * rule, confirmation and reason, validated and audited like any change.
 */
export async function applyBaseline(
  prisma: PrismaClient,
  bus: CommandBus,
  input: { yaml: string; plan: TRolloutPlan; confirmRestricted: boolean; reason?: string | undefined },
  actor: Actor,
): Promise<TBaselineApplied> {
  const { planned } = await planBaseline(prisma, input.yaml);
  if (planned.length === 0) {
    throw new AppError(
      'BAD_REQUEST',
      'Every host already has the values the baseline wants: nothing to apply.',
    );
  }
  const groups = new Map<string, { values: Record<string, string>; hostIds: string[] }>();
  for (const host of planned) {
    const values = Object.fromEntries(host.changes.map((change) => [change.option, change.to]));
    const key = JSON.stringify(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? { values, hostIds: [] };
    group.hostIds.push(host.hostId);
    groups.set(key, group);
  }
  const rolloutIds: string[] = [];
  for (const group of groups.values()) {
    const created = await createRollout(
      prisma,
      bus,
      {
        target: { kind: 'hosts', hostIds: group.hostIds },
        values: group.values,
        confirmRestricted: input.confirmRestricted,
        ...(input.reason ? { reason: input.reason } : {}),
        plan: input.plan,
      },
      actor,
    );
    rolloutIds.push(created.rolloutId);
  }
  return { rolloutIds, hosts: planned.length };
}
