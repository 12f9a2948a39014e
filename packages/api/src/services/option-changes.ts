import type { PrismaClient } from '@standby/db';
import { findRestrictedChangeGap } from '@standby/domain';
import {
  AppError,
  type TCommandTarget,
  type TOptionChangeRequest,
  type TSetOptionsPayload,
} from '@standby/protocol';
import type { CommandBus } from '../trpc';
import { type AuditEntry, recordAuditMany } from './audit-log';
import type { Actor } from './enrollment';
import { planOptionChange, validateRequestedValues } from './option-plan';
import { listTargetHostKeys } from './option-targets';

export interface OptionChangeOutcome {
  /** "Change #N" (ChangeRequest id), null when every host already had the values (nothing sent). */
  requestId: string | null;
  commandIds: string[];
  hosts: number;
  /** Hosts skipped because every requested value is already configured there. */
  unchanged: number;
}

/**
 * Validates the values against the domain catalog (nothing is stored if any is invalid), then, in
 * one transaction, writes per host a durable command, one change record per option (old and new
 * value, actor, reason) and the audit events. The agents are woken after the commit.
 */
export async function requestOptionChange(
  prisma: PrismaClient,
  bus: CommandBus,
  request: TOptionChangeRequest,
  actor: Actor,
  /** A staged rollout's wave sending it: its commands carry the rollout and the wave. */
  rollout?: { rolloutId: string; wave: number },
  /** A revert (option-revert.ts): per `hostId|option`, the change whose previous value this sends back. */
  reverting?: ReadonlyMap<string, bigint>,
): Promise<OptionChangeOutcome> {
  const values = validateValues(request);
  // The one planning (option-plan.ts), shared with the dry run: per host, only the values that differ
  // from what it will have once its queued changes apply.
  // Findings are the dry run's to show: the write only needs the diff, so a 1,000-host wave skips them.
  const plan = await planOptionChange(prisma, { target: request.target, values, withFindings: false });
  const targetHosts = plan.hosts.length + plan.unchanged;
  const planned = plan.hosts.map((host) => {
    const changes = host.changes.map((change): [string, string] => [change.option, change.to]);
    const configured = Object.fromEntries(host.changes.map((change) => [change.option, change.from]));
    return {
      host: { id: host.hostId, hostname: host.hostname },
      configured,
      changes,
      changed: Object.fromEntries(changes),
    };
  });
  const payloadOf = (changed: Record<string, string>): TSetOptionsPayload => ({
    values: changed,
    reason: request.reason ?? null,
    actor: actor.label,
  });

  // A fixed number of statements whatever the number of hosts: a fleet-wide change stays one short transaction.
  const outcome = await prisma.$transaction(async (tx) => {
    // One row per operator action: the change page follows its commands to the checks after them.
    const changeRequest = planned.length
      ? await tx.changeRequest.create({
          data: { values, reason: request.reason ?? null, actorId: actor.id, actorLabel: actor.label },
          select: { id: true },
        })
      : null;
    const commands = await tx.agentCommand.createManyAndReturn({
      data: planned.map(({ host, changed }) => ({
        requestId: changeRequest?.id ?? null,
        hostId: host.id,
        kind: 'set-options',
        payload: payloadOf(changed),
        ...(rollout ? { rolloutId: rollout.rolloutId, wave: rollout.wave } : {}),
        actorId: actor.id,
      })),
      select: { id: true, hostId: true },
    });
    const commandOfHost = new Map(commands.map((command) => [command.hostId, command.id]));
    await tx.optionChange.createMany({
      data: planned.flatMap(({ host, configured, changes }) =>
        changes.map(([option, newValue]) => ({
          commandId: commandOfHost.get(host.id)!,
          hostId: host.id,
          option,
          oldValue: configured[option] ?? null,
          newValue,
          revertsChangeId: reverting?.get(`${host.id}|${option}`) ?? null,
          actorId: actor.id,
          reason: request.reason ?? null,
        })),
      ),
    });
    await recordAuditMany(
      tx,
      planned.map(
        ({ host, configured, changes, changed }): AuditEntry => ({
          actorType: 'user',
          actorId: actor.id,
          actorLabel: actor.label,
          action: 'option.change',
          targetType: 'host',
          targetId: host.id,
          before: Object.fromEntries(changes.map(([option]) => [option, configured[option] ?? null])),
          // The host's name and the operator's reason travel with the values: the audit page shows them.
          after: {
            ...changed,
            hostname: host.hostname,
            ...(request.reason ? { reason: request.reason } : {}),
            ...revertedChangesOf(reverting, host.id, changes),
          },
          ip: actor.ip ?? null,
        }),
      ),
    );
    return {
      requestId: changeRequest?.id.toString() ?? null,
      commandIds: commands.map((command) => command.id.toString()),
      hosts: targetHosts,
      unchanged: plan.unchanged,
    };
  });
  await bus.notifyHosts(planned.map(({ host }) => host.id));
  await bus.publishHostChanges(
    planned.map(({ host }) => ({ hostId: host.id, running: null })),
    'everyone',
  );
  return outcome;
}

/** For a revert's audit event: which changes it sends back (shown with the values on the audit page). */
function revertedChangesOf(
  reverting: ReadonlyMap<string, bigint> | undefined,
  hostId: string,
  changes: readonly [string, string][],
): { reverts?: string } {
  const ids = changes.flatMap(([option]) => {
    const id = reverting?.get(`${hostId}|${option}`);
    return id === undefined ? [] : [`#${id}`];
  });
  return ids.length ? { reverts: ids.join(', ') } : {};
}

/**
 * Refuses unknown options and invalid values (every refused key named), and a restricted option without
 * confirmation and reason; returns the values in the one normalized form (domain validateOptionValues).
 */
function validateValues(request: TOptionChangeRequest): Record<string, string> {
  const { values, restricted } = validateRequestedValues(request.values);
  const gap = findRestrictedChangeGap(restricted, {
    confirmed: request.confirmRestricted,
    reason: request.reason,
  });
  if (gap) {
    throw new AppError(
      'BAD_REQUEST',
      `${restricted.join(', ')} is restricted: confirm the change and give a reason.`,
    );
  }
  return values;
}

/** Queues "run the check now" for the target hosts. */
export async function requestCheckRun(
  prisma: PrismaClient,
  bus: CommandBus,
  target: TCommandTarget,
  actor: Actor,
): Promise<{ commandIds: string[] }> {
  const hosts = await listTargetHostKeys(prisma, target);
  if (hosts.length === 0) throw new AppError('BAD_REQUEST', 'No host matches the target.');
  const commandIds = await prisma.$transaction(async (tx) => {
    const created = await tx.agentCommand.createManyAndReturn({
      data: hosts.map((host) => ({ hostId: host.id, kind: 'run-check', payload: {}, actorId: actor.id })),
      select: { id: true },
    });
    await recordAuditMany(
      tx,
      hosts.map((host) => ({
        actorType: 'user' as const,
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'check.run-now',
        targetType: 'host',
        targetId: host.id,
        ip: actor.ip ?? null,
      })),
    );
    return created.map((row) => row.id.toString());
  });
  await bus.notifyHosts(hosts.map((host) => host.id));
  return { commandIds };
}
