import type { Prisma } from '@standby/db';
import { recordAudit } from '../audit-log';
import type { Actor } from '../enrollment';

/** One audit row for a change to alerting (channels, rules, silences, deliveries), before/after as given. */
export function auditAlertChange(
  tx: Prisma.TransactionClient,
  actor: Actor,
  action: string,
  target: { type: string; id: string },
  change: { before?: unknown; after?: unknown },
): Promise<void> {
  return recordAudit(tx, {
    actorType: 'user',
    actorId: actor.id,
    actorLabel: actor.label,
    action,
    targetType: target.type,
    targetId: target.id,
    ...(change.before === undefined ? {} : { before: change.before as Prisma.InputJsonValue }),
    ...(change.after === undefined ? {} : { after: change.after as Prisma.InputJsonValue }),
    ip: actor.ip ?? null,
  });
}

/** A unique constraint refused the write (Prisma's P2002): a name already taken. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
