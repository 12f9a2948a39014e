import { Prisma, type PrismaClient } from '@standby/db';

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

// The one writer of audit rows. Every audit row in Standby is written by the three functions below,
// all through `toAuditRow`, so a row written by Prisma and one written inside a raw SQL statement
// have the same columns, filled the same way.

/** Appends one audit event; pass the transaction of the change it records so both commit together. */
export async function recordAudit(db: Writer, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({ data: toAuditRow(entry) });
}

export async function recordAuditMany(db: Writer, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length > 0) await db.auditEvent.createMany({ data: entries.map(toAuditRow) });
}

/** An audit entry whose values may also be SQL expressions over the rows of the statement's source. */
export type AuditSqlEntry = { [K in keyof AuditEntry]: AuditEntry[K] | Prisma.Sql };

/**
 * For a change made by one raw SQL statement (a CTE): `INSERT INTO "AuditEvent" … SELECT … FROM
 * <source>`, one audit row per source row, committed by the statement itself. Plain values are
 * bound parameters; `Prisma.sql` values are expressions that may read the source's columns.
 */
export function auditInsertSql(entry: AuditSqlEntry, source: Prisma.Sql): Prisma.Sql {
  const row = toAuditRow(entry as AuditEntry) as Record<AuditColumn, unknown>;
  const values = AUDIT_COLUMNS.map((column) => {
    const value = row[column];
    if (value instanceof Prisma.Sql) return value;
    if (JSON_COLUMNS.has(column)) {
      return value === undefined ? Prisma.sql`NULL::jsonb` : Prisma.sql`${JSON.stringify(value)}::jsonb`;
    }
    return Prisma.sql`${(value as string | null | undefined) ?? null}::text`;
  });
  return Prisma.sql`INSERT INTO "AuditEvent" (${Prisma.raw(AUDIT_COLUMNS.map((column) => `"${column}"`).join(', '))})
    SELECT ${Prisma.join(values)} FROM ${source}`;
}

const AUDIT_COLUMNS = [
  'actorType',
  'actorId',
  'actorLabel',
  'action',
  'targetType',
  'targetId',
  'before',
  'after',
  'ip',
] as const satisfies readonly (keyof Prisma.AuditEventCreateManyInput)[];
type AuditColumn = (typeof AUDIT_COLUMNS)[number];
const JSON_COLUMNS = new Set<AuditColumn>(['before', 'after']);

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
