import type { Prisma, PrismaClient } from '@standby/db';

export interface AuditEntry {
  actorType: 'user' | 'agent' | 'system';
  actorId: string | null;
  actorLabel: string | null;
  /** Dotted verb, e.g. `option.change`, `user.sign-in-failed`, `agent.revoke`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  ip?: string | null;
}

type Writer = Pick<PrismaClient, 'auditEvent'> | Prisma.TransactionClient;

/** Appends one audit event; pass the transaction of the change it records so both commit together. */
export async function recordAudit(db: Writer, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({ data: toAuditRow(entry) });
}

export async function recordAuditMany(db: Writer, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length > 0) await db.auditEvent.createMany({ data: entries.map(toAuditRow) });
}

function toAuditRow(entry: AuditEntry): Prisma.AuditEventCreateManyInput {
  return {
    actorType: entry.actorType,
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ...(entry.before === undefined ? {} : { before: entry.before }),
    ...(entry.after === undefined ? {} : { after: entry.after }),
    ip: entry.ip ?? null,
  };
}
