import type { PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';
import { z } from 'zod';

// What a pair-limited API token may call, and how each call is held to its pairs. A procedure not
// listed here is refused to such a token: fleet-wide reads (findings, audit log, export, alerts) and
// admin acts cannot be narrowed to a pair, so they are not guessed at. docs/API.md lists the same.

type TPairSet = ReadonlySet<string>;
type TPairCheck = (prisma: PrismaClient, input: unknown, pairs: TPairSet) => Promise<void>;

const ZHostInput = z.object({ hostId: z.guid() });
const ZPairInput = z.object({ pairId: z.guid() });
const ZFilterInput = z.object({ filter: z.object({ pairId: z.guid() }) });
const ZChangesInput = z.union([ZPairInput, ZHostInput]);
const ZTargetInput = z.object({
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('hosts'), hostIds: z.array(z.guid()).min(1).max(10_000) }),
    z.object({ kind: z.literal('pair'), pairId: z.guid() }),
    z.object({ kind: z.literal('filter'), filter: z.object({ pairId: z.guid() }) }),
  ]),
});

const OUTSIDE = 'This API token is limited to some pairs; that is outside them.';

function parseOrRefuse<T>(schema: z.ZodType<T>, input: unknown, needs: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('FORBIDDEN', `This API token is limited to some pairs: ${needs}.`);
  return parsed.data;
}

function assertPair(pairId: string, pairs: TPairSet) {
  if (!pairs.has(pairId.toLowerCase())) throw new AppError('FORBIDDEN', OUTSIDE);
}

/** Every host named must exist and be in one of the pairs (an unknown host is refused the same way). */
async function assertHosts(prisma: PrismaClient, hostIds: string[], pairs: TPairSet) {
  const unique = [...new Set(hostIds.map((id) => id.toLowerCase()))];
  const hosts = await prisma.host.findMany({ where: { id: { in: unique } }, select: { pairId: true } });
  if (hosts.length !== unique.length || hosts.some((host) => !host.pairId || !pairs.has(host.pairId)))
    throw new AppError('FORBIDDEN', OUTSIDE);
}

const hostCheck: TPairCheck = (prisma, input, pairs) =>
  assertHosts(prisma, [parseOrRefuse(ZHostInput, input, 'give a hostId').hostId], pairs);

const filterCheck: TPairCheck = async (_prisma, input, pairs) =>
  assertPair(parseOrRefuse(ZFilterInput, input, 'give filter.pairId').filter.pairId, pairs);

const PAIR_CHECKS: Record<string, TPairCheck> = {
  'session.me': async () => {},
  'host.get': hostCheck,
  'host.runs': hostCheck,
  'host.events': hostCheck,
  'host.startupSeries': hostCheck,
  'pair.get': async (_prisma, input, pairs) =>
    assertPair(parseOrRefuse(ZPairInput, input, 'give a pairId').pairId, pairs),
  'fleet.page': filterCheck,
  'fleet.counts': filterCheck,
  'changes.list': async (prisma, input, pairs) => {
    const scoped = parseOrRefuse(ZChangesInput, input, 'give a hostId or pairId');
    if ('pairId' in scoped) assertPair(scoped.pairId, pairs);
    else await assertHosts(prisma, [scoped.hostId], pairs);
  },
  'commands.changeOptions': targetCheck,
  // The dry run reads what the change would: the same target rule. A revert names changes, not a
  // target: not narrowed to pairs, so refused to a pair-limited token like any unlisted procedure.
  'commands.dryRun': targetCheck,
  'commands.runCheckNow': targetCheck,
};

async function targetCheck(prisma: PrismaClient, input: unknown, pairs: TPairSet) {
  const { target } = parseOrRefuse(ZTargetInput, input, 'target hosts, a pair or a filter with pairId');
  if (target.kind === 'hosts') await assertHosts(prisma, target.hostIds, pairs);
  else if (target.kind === 'pair') assertPair(target.pairId, pairs);
  else assertPair(target.filter.pairId, pairs);
}

/** The procedures a pair-limited token may call (docs/API.md). */
export const PAIR_LIMITED_PROCEDURES: readonly string[] = Object.keys(PAIR_CHECKS);

/** Refuses (FORBIDDEN) a call of a pair-limited token that could read or change a host outside its pairs. */
export async function assertWithinTokenPairs(
  prisma: PrismaClient,
  procedure: string,
  input: unknown,
  pairIds: readonly string[],
): Promise<void> {
  const check = Object.hasOwn(PAIR_CHECKS, procedure) ? PAIR_CHECKS[procedure] : undefined;
  if (!check) {
    throw new AppError(
      'FORBIDDEN',
      `This API token is limited to some pairs; ${procedure} reads or changes the whole fleet.`,
    );
  }
  await check(prisma, input, new Set(pairIds.map((id) => id.toLowerCase())));
}
