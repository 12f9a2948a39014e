import type { PrismaClient } from '@standby/db';
import type { TAuditEventsPage, TAuditEventView } from '@standby/protocol';
import { decodeIdCursor, encodeIdCursor } from './keyset-cursor';

export interface TAuditEventsQuery {
  action?: string | undefined;
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const SCOPE = 'audit-events';

/** audit.list: the audit log newest first, keyset on the id (ids grow with time). */
export async function listAuditEvents(
  prisma: PrismaClient,
  query: TAuditEventsQuery,
): Promise<TAuditEventsPage> {
  const rows = await prisma.auditEvent.findMany({
    where: {
      ...(query.action ? { action: query.action } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
      ...(query.cursor ? { id: { lt: decodeIdCursor(query.cursor, SCOPE) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actorType: row.actorType,
      actorId: row.actorId,
      actorLabel: row.actorLabel,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      before: asJson(row.before),
      after: asJson(row.after),
      ip: row.ip,
    })),
    nextCursor: rows.length > query.limit && last ? encodeIdCursor(SCOPE, last.id) : null,
  };
}

// Read from jsonb, so valid JSON; Prisma's JsonObject type only allows `undefined` members in addition.
function asJson(value: unknown): TAuditEventView['before'] {
  return value as TAuditEventView['before'];
}
