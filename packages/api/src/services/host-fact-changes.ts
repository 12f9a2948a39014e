import type { Prisma } from '@standby/db';
import type { TAgentHello } from '@standby/protocol';
import { recordAuditMany } from './audit-log';
import { readOptionsMap } from './stored-json';

/** The stored facts a hello is compared with. */
export interface TStoredHostFacts {
  id: string;
  mode: string;
  version: string | null;
  configuredOptions: unknown;
  effectiveOptions: unknown;
  serverStartedAt: Date | null;
  pendingRestart: boolean;
  pendingSince: Date | null;
}

const OUTSIDE = 'outside Standby';
/** Option changes of Standby's that still wait to be true in the file or in the running server. */
const OPEN_STATES = ['pending', 'delivered', 'applied', 'pending-restart'];

/**
 * What a hello tells that the stored facts do not: a switchover, a new version, a SIP Server restart,
 * and options changed in the file by something other than Standby. Each is recorded in the host's
 * history (HostEvent) and the audit log; an outside change supersedes Standby's open changes of the
 * same option. Returns the columns of the host to update besides the hello's own facts.
 */
export async function recordHostFactChanges(
  tx: Prisma.TransactionClient,
  stored: TStoredHostFacts,
  hello: TAgentHello,
  agent: { agentId: string; hostKey: string },
  now: Date,
): Promise<Prisma.HostUpdateInput> {
  const events: Prisma.HostEventCreateManyInput[] = [];
  const update: Prisma.HostUpdateInput = {};
  const isRole = (mode: string | null) => mode === 'backup' || mode === 'primary';

  if (isRole(stored.mode) && isRole(hello.mode) && stored.mode !== hello.mode) {
    events.push({
      hostId: stored.id,
      at: now,
      kind: 'switchover',
      before: { mode: stored.mode },
      after: { mode: hello.mode },
    });
    if (hello.mode === 'backup') update.becameBackupAt = now;
  }
  if (stored.version && hello.version && stored.version !== hello.version) {
    events.push({
      hostId: stored.id,
      at: now,
      kind: 'version-change',
      before: { version: stored.version },
      after: { version: hello.version },
    });
  }
  const startedAt = hello.serverStartedAt ? new Date(hello.serverStartedAt) : null;
  if (startedAt && (!stored.serverStartedAt || startedAt > stored.serverStartedAt)) {
    update.serverStartedAt = startedAt;
    if (stored.serverStartedAt)
      events.push({
        hostId: stored.id,
        at: now,
        kind: 'server-start',
        after: { startedAt: hello.serverStartedAt },
      });
    // A restart after the change was applied puts it in effect (the hello carries what the server now runs).
    if (stored.pendingRestart && stored.pendingSince && startedAt > stored.pendingSince) {
      update.pendingRestart = false;
      await tx.optionChange.updateMany({
        where: { hostId: stored.id, state: 'pending-restart' },
        data: { state: 'effective' },
      });
    }
  }

  const outside = await recordOutsideChanges(tx, stored, hello, now);
  if (outside) {
    events.push(outside.event);
    if (outside.pendingRestart && !stored.pendingRestart && update.pendingRestart !== false) {
      update.pendingRestart = true;
      update.pendingSince = now;
    }
  }

  if (events.length > 0) {
    await tx.hostEvent.createMany({ data: events });
    await recordAuditMany(
      tx,
      events.map((event) => ({
        actorType: event.kind === 'outside-change' ? 'system' : 'agent',
        actorId: event.kind === 'outside-change' ? null : agent.agentId,
        actorLabel: event.kind === 'outside-change' ? OUTSIDE : agent.hostKey,
        action: `host.${event.kind}`,
        targetType: 'host',
        targetId: stored.id,
        ...(event.before ? { before: event.before as Prisma.InputJsonValue } : {}),
        ...(event.after ? { after: event.after as Prisma.InputJsonValue } : {}),
      })),
    );
  }
  return update;
}

async function recordOutsideChanges(
  tx: Prisma.TransactionClient,
  stored: TStoredHostFacts,
  hello: TAgentHello,
  now: Date,
): Promise<{ event: Prisma.HostEventCreateManyInput; pendingRestart: boolean } | undefined> {
  const before = readOptionsMap(stored.configuredOptions);
  // The first hello of a host has nothing to compare with.
  if (Object.keys(before).length === 0) return undefined;
  const after = hello.configuredOptions;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => before[key] !== after[key],
  );
  if (keys.length === 0) return undefined;

  const open = await tx.optionChange.findMany({
    where: { hostId: stored.id, option: { in: keys }, source: 'standby', state: { in: OPEN_STATES } },
    orderBy: { id: 'desc' },
  });
  const outsideKeys = keys.filter((key) => {
    // Ours: the newest open change of Standby's for this option wrote exactly this value.
    const ours = open.find((change) => change.option === key);
    return !(ours && ours.newValue === after[key]);
  });
  if (outsideKeys.length === 0) return undefined;

  const effective = readOptionsMap(hello.effectiveOptions);
  const changes = outsideKeys.map((key) => ({
    hostId: stored.id,
    option: key,
    oldValue: before[key] ?? null,
    // A removed key reads as empty: the option's default applies again.
    newValue: after[key] ?? '',
    source: 'outside',
    actorId: null,
    reason: 'changed in the options file outside Standby',
    state: effective[key] === after[key] ? 'effective' : 'pending-restart',
    createdAt: now,
  }));
  await tx.optionChange.createMany({ data: changes });
  await tx.optionChange.updateMany({
    where: { hostId: stored.id, option: { in: outsideKeys }, source: 'standby', state: { in: OPEN_STATES } },
    data: { state: 'superseded', stateReason: 'overridden by a change outside Standby' },
  });
  return {
    event: {
      hostId: stored.id,
      at: now,
      kind: 'outside-change',
      before: Object.fromEntries(outsideKeys.map((key) => [key, before[key] ?? null])),
      after: Object.fromEntries(outsideKeys.map((key) => [key, after[key] ?? null])),
    },
    pendingRestart: changes.some((change) => change.state === 'pending-restart'),
  };
}
