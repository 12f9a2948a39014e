import type { PrismaClient } from '@standby/db';
import type { TOptionChangesPage } from '@standby/protocol';
import { decodeIdCursor, encodeIdCursor } from './keyset-cursor';

export interface TOptionChangesQuery {
  hostId?: string | undefined;
  pairId?: string | undefined;
  /** AgentCommand id, decimal. */
  commandId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const SCOPE = 'option-changes';

/** changes.list: option changes newest first (keyset on id), with the host name and the actor's email. */
export async function listOptionChanges(
  prisma: PrismaClient,
  query: TOptionChangesQuery,
): Promise<TOptionChangesPage> {
  const rows = await prisma.optionChange.findMany({
    where: {
      ...(query.hostId ? { hostId: query.hostId } : {}),
      ...(query.pairId ? { host: { pairId: query.pairId } } : {}),
      ...(query.commandId ? { commandId: BigInt(query.commandId) } : {}),
      ...(query.cursor ? { id: { lt: decodeIdCursor(query.cursor, SCOPE) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    include: { host: { select: { hostname: true } } },
  });
  const page = rows.slice(0, query.limit);
  // actorId is not a relation (the user may be deleted; the record must stay): one lookup for the page.
  const actorIds = [...new Set(page.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  const actors = actorIds.length
    ? await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } })
    : [];
  const emails = new Map(actors.map((actor) => [actor.id, actor.email]));
  const last = page[page.length - 1];
  return {
    changes: page.map((row) => ({
      id: row.id.toString(),
      commandId: row.commandId?.toString() ?? null,
      source: row.source === 'outside' ? 'outside' : 'standby',
      hostId: row.hostId,
      hostname: row.host.hostname,
      option: row.option,
      oldValue: row.oldValue,
      newValue: row.newValue,
      revertsChangeId: row.revertsChangeId?.toString() ?? null,
      actorId: row.actorId,
      actorEmail: (row.actorId && emails.get(row.actorId)) ?? null,
      reason: row.reason,
      state: row.state,
      stateReason: row.stateReason,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeIdCursor(SCOPE, last.id) : null,
  };
}
