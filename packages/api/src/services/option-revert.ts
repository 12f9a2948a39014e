import type { PrismaClient } from '@standby/db';
import { isOptionName, OPTION_CATALOG } from '@standby/domain';
import { AppError, type TOptionRevertOutcome } from '@standby/protocol';
import type { CommandBus } from '../trpc';
import type { Actor } from './enrollment';
import { requestOptionChange } from './option-changes';

/** Which changes to revert: any mix of single changes, whole commands, and a whole rollout. */
export interface TRevertSelection {
  changeIds?: readonly string[] | undefined;
  commandIds?: readonly string[] | undefined;
  rolloutId?: string | undefined;
}

/** requestOptionChange takes at most this many hosts per target. */
const HOSTS_PER_REQUEST = 10_000;

/**
 * One-click revert: sends each affected host the value every option had before the selected changes (the
 * earliest selected change's old value per host and option), through requestOptionChange — the same
 * validation, planning and audit as any change — with each new change naming the change it reverts.
 * A host that already has its previous values again (a rejected change, a later edit) is left alone.
 */
export async function revertOptionChanges(
  prisma: PrismaClient,
  bus: CommandBus,
  selection: TRevertSelection,
  actor: Actor,
  reason?: string,
): Promise<TOptionRevertOutcome> {
  const changes = await findSelectedChanges(prisma, selection);
  if (changes.length === 0) throw new AppError('NOT_FOUND', 'No option change matches what to revert.');

  // The earliest change per host and option holds the value from before all of them (ids ascend).
  const previous = new Map<string, { hostId: string; option: string; value: string; changeId: bigint }>();
  for (const change of changes) {
    const key = `${change.hostId}|${change.option}`;
    if (previous.has(key)) continue;
    previous.set(key, {
      hostId: change.hostId,
      option: change.option,
      value: change.oldValue ?? notSetValue(change.option),
      changeId: change.id,
    });
  }

  // Hosts needing the same values share one request (a fleet-wide change reverts as one or a few).
  const valuesByHost = new Map<string, Record<string, string>>();
  for (const entry of previous.values()) {
    valuesByHost.set(entry.hostId, { ...valuesByHost.get(entry.hostId), [entry.option]: entry.value });
  }
  const groups = new Map<string, { values: Record<string, string>; hostIds: string[] }>();
  for (const [hostId, values] of valuesByHost) {
    const key = JSON.stringify(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? { values, hostIds: [] };
    group.hostIds.push(hostId);
    groups.set(key, group);
  }

  const reverting = new Map([...previous].map(([key, entry]) => [key, entry.changeId]));
  const why = reason?.trim() || defaultReason(selection, changes);
  const outcome: TOptionRevertOutcome = {
    commandIds: [],
    hosts: 0,
    unchanged: 0,
    revertedChangeIds: changes.map((change) => change.id.toString()),
  };
  for (const group of groups.values()) {
    for (let start = 0; start < group.hostIds.length; start += HOSTS_PER_REQUEST) {
      const sent = await requestOptionChange(
        prisma,
        bus,
        {
          target: { kind: 'hosts', hostIds: group.hostIds.slice(start, start + HOSTS_PER_REQUEST) },
          values: group.values,
          // The click on "Revert" is the confirmation a restricted option needs; the reason is recorded.
          confirmRestricted: true,
          reason: why,
        },
        actor,
        undefined,
        reverting,
      );
      outcome.commandIds.push(...sent.commandIds);
      outcome.hosts += sent.hosts - sent.unchanged;
      outcome.unchanged += sent.unchanged;
    }
  }
  return outcome;
}

/** The selected changes, oldest first. */
async function findSelectedChanges(prisma: PrismaClient, selection: TRevertSelection) {
  const or = [
    ...(selection.changeIds?.length ? [{ id: { in: selection.changeIds.map((id) => BigInt(id)) } }] : []),
    ...(selection.commandIds?.length
      ? [{ commandId: { in: selection.commandIds.map((id) => BigInt(id)) } }]
      : []),
    ...(selection.rolloutId ? [{ command: { rolloutId: selection.rolloutId } }] : []),
  ];
  if (or.length === 0) throw new AppError('BAD_REQUEST', 'Name at least one change to revert.');
  return prisma.optionChange.findMany({
    where: { OR: or },
    orderBy: { id: 'asc' },
    select: { id: true, hostId: true, option: true, oldValue: true },
  });
}

/**
 * An option that was not in the options file: set-options writes values and never removes a key, so
 * the revert writes the catalog default, which the SIP Server uses when the key is absent.
 */
function notSetValue(option: string): string {
  return isOptionName(option) ? OPTION_CATALOG[option].defaultRaw : '';
}

function defaultReason(selection: TRevertSelection, changes: readonly { id: bigint }[]): string {
  if (selection.rolloutId) return `Revert of rollout ${selection.rolloutId}`;
  if (selection.commandIds?.length && !selection.changeIds?.length) {
    const ids = selection.commandIds;
    return `Revert of command${ids.length === 1 ? '' : 's'} ${listIds(ids)}`;
  }
  const ids = changes.map((change) => change.id.toString());
  return `Revert of change${ids.length === 1 ? '' : 's'} ${listIds(ids)}`;
}

/** A few ids, not thousands: the reason travels to the agent (at most 500 characters). */
function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 10).map((id) => `#${id}`);
  return `${shown.join(', ')}${ids.length > shown.length ? ` and ${ids.length - shown.length} more` : ''}`;
}
