import type { PrismaClient } from '@standby/db';
import type { TOptionDryRunPage, TOptionDryRunRequest, TOptionDryRunTotals } from '@standby/protocol';
import { AppError } from '@standby/protocol';
import { decodeCursor, encodeCursor, invalidCursor } from './keyset-cursor';
import { planHosts, targetIdSet, validateRequestedValues } from './option-plan';
import { listTargetHostKeys, type TTargetHostKey } from './option-targets';

const SCOPE = 'option-dry-run';

/**
 * commands.dryRun: what changeOptions would do, host by host, without writing anything. Pages by host
 * name (keyset); the first page also plans every other target host for the totals.
 */
export async function dryRunOptionChange(
  prisma: PrismaClient,
  request: TOptionDryRunRequest,
): Promise<TOptionDryRunPage> {
  const { values, restricted } = validateRequestedValues(request.values);
  const keys = await listTargetHostKeys(prisma, request.target);
  if (keys.length === 0) throw new AppError('BAD_REQUEST', 'No host matches the target.');
  const targetIds = targetIdSet(request.target, keys);
  const start = request.cursor ? startAfter(keys, request.cursor) : 0;
  const pageKeys = keys.slice(start, start + request.limit);
  const last = pageKeys[pageKeys.length - 1];
  const nextCursor =
    start + request.limit < keys.length && last ? encodeCursor(SCOPE, [last.hostname, last.id]) : null;

  if (request.cursor) {
    return {
      hosts: await planHosts(prisma, pageKeys, values, targetIds),
      totals: null,
      restricted,
      nextCursor,
    };
  }
  // The first page: the whole target planned once, the page cut from it.
  const all = await planHosts(prisma, keys, values, targetIds);
  return { hosts: all.slice(0, request.limit), totals: totalsOf(all), restricted, nextCursor };
}

function totalsOf(hosts: Awaited<ReturnType<typeof planHosts>>): TOptionDryRunTotals {
  const changing = hosts.filter((host) => host.changes.length > 0).length;
  return {
    hosts: hosts.length,
    changing,
    unchanged: hosts.length - changing,
    withNewFindings: hosts.filter((host) => host.findingsAfter.length > 0).length,
  };
}

/** The index of the first key after the cursor's (host name in byte order, then id, as the SQL sorts). */
function startAfter(keys: readonly TTargetHostKey[], cursor: string): number {
  const [hostname, id] = decodeCursor(cursor, SCOPE, 2);
  if (typeof hostname !== 'string' || typeof id !== 'string') throw invalidCursor(SCOPE);
  const after = keys.findIndex(
    (key) => compareBytes(key.hostname, hostname) > 0 || (key.hostname === hostname && key.id > id),
  );
  return after === -1 ? keys.length : after;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
