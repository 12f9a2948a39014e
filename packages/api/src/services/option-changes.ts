import type { Prisma, PrismaClient } from '@standby/db';
import { findRestrictedChangeGap, validateOptionValues } from '@standby/domain';
import {
  AppError,
  type TCommandTarget,
  type TOptionChangeRequest,
  type TSetOptionsPayload,
  ZSetOptionsPayloadSchema,
} from '@standby/protocol';
import type { CommandBus } from '../trpc';
import { type AuditEntry, recordAuditMany } from './audit-log';
import type { Actor } from './enrollment';
import { fleetFilterSql } from './fleet-filter';
import { FLEET_FROM } from './fleet-sql';
import { readOptionsMap } from './stored-json';

export interface OptionChangeOutcome {
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
): Promise<OptionChangeOutcome> {
  const values = validateValues(request);
  const hosts = await resolveTargetHosts(prisma, request.target);
  if (hosts.length === 0) throw new AppError('BAD_REQUEST', 'No host matches the target.');

  // Per host, only the values that differ from what it will have once its queued changes apply:
  // reverting a change the agent has not received yet must send the revert, not be "unchanged".
  const queued = await queuedOptionValues(
    prisma,
    hosts.map((host) => host.id),
  );
  const planned = hosts.flatMap((host) => {
    const configured = { ...readOptionsMap(host.configuredOptions), ...queued.get(host.id) };
    const changes = Object.entries(values).filter(([name, value]) => configured[name] !== value);
    return changes.length === 0 ? [] : [{ host, configured, changes, changed: Object.fromEntries(changes) }];
  });
  const payloadOf = (changed: Record<string, string>): TSetOptionsPayload => ({
    values: changed,
    reason: request.reason ?? null,
    actor: actor.label,
  });

  // A fixed number of statements whatever the number of hosts: a fleet-wide change stays one short transaction.
  const outcome = await prisma.$transaction(async (tx) => {
    const commands = await tx.agentCommand.createManyAndReturn({
      data: planned.map(({ host, changed }) => ({
        hostId: host.id,
        kind: 'set-options',
        payload: payloadOf(changed),
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
          },
          ip: actor.ip ?? null,
        }),
      ),
    );
    return {
      commandIds: commands.map((command) => command.id.toString()),
      hosts: hosts.length,
      unchanged: hosts.length - planned.length,
    };
  });
  await bus.notifyHosts(planned.map(({ host }) => host.id));
  await bus.publishHostChanges(
    planned.map(({ host }) => ({ hostId: host.id, running: null })),
    'everyone',
  );
  return outcome;
}

/** Per host, the option values of its set-options commands not yet acked, applied in id order. */
async function queuedOptionValues(
  prisma: PrismaClient,
  hostIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const commands = await prisma.agentCommand.findMany({
    where: { hostId: { in: hostIds }, kind: 'set-options', state: { in: ['pending', 'delivered'] } },
    orderBy: { id: 'asc' },
    select: { hostId: true, payload: true },
  });
  const byHost = new Map<string, Record<string, string>>();
  for (const command of commands) {
    // A payload that does not parse (a hand-edited row) cannot be delivered either: it changes nothing.
    const payload = ZSetOptionsPayloadSchema.safeParse(command.payload);
    if (payload.success)
      byHost.set(command.hostId, { ...byHost.get(command.hostId), ...payload.data.values });
  }
  return byHost;
}

/**
 * Refuses unknown options and invalid values (every refused key named), and a restricted option without
 * confirmation and reason; returns the values in the one normalized form (domain validateOptionValues).
 */
function validateValues(request: TOptionChangeRequest): Record<string, string> {
  const validation = validateOptionValues(request.values);
  if (!validation.ok) {
    throw new AppError('BAD_REQUEST', `${validation.errors.map((error) => error.message).join('; ')}.`);
  }
  const gap = findRestrictedChangeGap(validation.restricted, {
    confirmed: request.confirmRestricted,
    reason: request.reason,
  });
  if (gap) {
    throw new AppError(
      'BAD_REQUEST',
      `${validation.restricted.join(', ')} is restricted: confirm the change and give a reason.`,
    );
  }
  return validation.values;
}

interface TTargetHost {
  id: string;
  hostname: string;
  configuredOptions: unknown;
}

async function resolveTargetHosts(prisma: PrismaClient, target: TCommandTarget): Promise<TTargetHost[]> {
  const select = { id: true, hostname: true, configuredOptions: true } satisfies Prisma.HostSelect;
  switch (target.kind) {
    case 'hosts':
      return prisma.host.findMany({ where: { id: { in: target.hostIds } }, select });
    case 'pair':
      return prisma.host.findMany({ where: { pairId: target.pairId }, select });
    case 'filter':
      // The fleet page's own filter, resolved by the same SQL: "everything matching" is what it lists.
      return prisma.$queryRaw<TTargetHost[]>`
        SELECT h.id::text AS id, h.hostname, h."configuredOptions"
        FROM ${FLEET_FROM}
        WHERE ${fleetFilterSql(target.filter)}`;
  }
}

/** Queues "run the check now" for the target hosts. */
export async function requestCheckRun(
  prisma: PrismaClient,
  bus: CommandBus,
  target: TCommandTarget,
  actor: Actor,
): Promise<{ commandIds: string[] }> {
  const hosts = await resolveTargetHosts(prisma, target);
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
