import type { PrismaClient } from '@standby/db';
import { HOST_EVENT_KINDS, type THostEvent, type THostEventsPage } from '@standby/protocol';
import { assertHostExists } from './host-not-found';
import { decodeIdCursor, encodeIdCursor } from './keyset-cursor';

const SCOPE = 'host-events';

/** host.events: a host's switchovers, restarts, version and outside option changes, newest first. */
export async function listHostEvents(
  prisma: PrismaClient,
  query: { hostId: string; limit: number; cursor?: string | undefined },
): Promise<THostEventsPage> {
  await assertHostExists(prisma, query.hostId);
  const rows = await prisma.hostEvent.findMany({
    where: {
      hostId: query.hostId,
      ...(query.cursor ? { id: { lt: decodeIdCursor(query.cursor, SCOPE) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    events: page.flatMap((row) => {
      const kind = HOST_EVENT_KINDS.find((k) => k === row.kind);
      if (!kind) return [];
      const event: THostEvent = {
        id: row.id.toString(),
        at: row.at.toISOString(),
        kind,
        before: (row.before ?? null) as THostEvent['before'],
        after: (row.after ?? null) as THostEvent['after'],
        summary: summarize(kind, row.before, row.after),
      };
      return [event];
    }),
    nextCursor: rows.length > query.limit && last ? encodeIdCursor(SCOPE, last.id) : null,
  };
}

function summarize(kind: THostEvent['kind'], before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'switchover':
      return `Switchover: ${String(b.mode)} → ${String(a.mode)}`;
    case 'version-change':
      return `Version ${String(b.version)} → ${String(a.version)}`;
    case 'server-start':
      return `SIP Server restarted at ${String(a.startedAt)}`;
    case 'outside-change':
      return `Options changed outside Standby: ${Object.keys(a)
        .map((key) => `${key} ${formatValue(b[key])} → ${formatValue(a[key])}`)
        .join(', ')}`;
  }
}

function formatValue(value: unknown): string {
  return value === null || value === undefined ? '(unset)' : String(value);
}
