import { Prisma } from '@standby/db';
import { findUnsafeText, type TSortDirection } from '@standby/protocol';
import { invalidCursor, type TKeyValue } from './keyset-cursor';

export type TKeyKind = 'text' | 'int' | 'timestamp' | 'uuid';

/** One column of a sort key. The last part must be unique and non-null (the row id). */
export interface TKeyPart {
  sql: Prisma.Sql;
  kind: TKeyKind;
  nullable?: boolean;
}

// The defaults of a PostgreSQL b-tree (ASC NULLS LAST, read backwards for DESC), so that an index on the
// key columns serves the ORDER BY; DESC is then exactly the reverse of ASC, nulls included.
export function keysetOrderBy(parts: readonly TKeyPart[], direction: TSortDirection): Prisma.Sql {
  const order = Prisma.raw(direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST');
  return Prisma.join(parts.map((part) => Prisma.sql`${part.sql} ${order}`));
}

/**
 * Rows strictly after the cursor in the keyset order. Non-null trailing keys compare as one row value,
 * `(a, id) > ($a, $id)`, which PostgreSQL serves from a matching index; a nullable key adds the NULL
 * group explicitly, since a row comparison with NULL is never true.
 */
export function keysetAfter(
  parts: readonly TKeyPart[],
  values: readonly TKeyValue[],
  direction: TSortDirection,
): Prisma.Sql {
  const asc = direction === 'asc';
  const param = (index: number) => castParam(parts[index]!, values[index] ?? null);

  const after = (from: number): Prisma.Sql => {
    const part = parts[from]!;
    const value = values[from] ?? null;
    if (values.slice(from).every((v) => v !== null)) {
      const rest = parts.slice(from).map((_, i) => from + i);
      const row = Prisma.sql`(${Prisma.join(rest.map((i) => parts[i]!.sql))}) ${Prisma.raw(asc ? '>' : '<')} (${Prisma.join(rest.map(param))})`;
      if (!asc) return row; // NULLs come first in DESC: before the cursor.
      // ASC: NULLs come last, so a NULL after an equal prefix is after the cursor.
      const nullTails = rest
        .filter((i) => parts[i]!.nullable)
        .map((i) =>
          and([...range(from, i).map((j) => Prisma.sql`${parts[j]!.sql} = ${param(j)}`), isNull(i)]),
        );
      return or([row, ...nullTails]);
    }
    if (value === null) {
      // The cursor sits in this key's NULL group.
      const inGroup = and([isNull(from), after(from + 1)]);
      return asc ? inGroup : or([Prisma.sql`${part.sql} IS NOT NULL`, inGroup]);
    }
    const beyond = Prisma.sql`${part.sql} ${Prisma.raw(asc ? '>' : '<')} ${param(from)}`;
    const same = and([Prisma.sql`${part.sql} = ${param(from)}`, after(from + 1)]);
    return or(asc && part.nullable ? [beyond, isNull(from), same] : [beyond, same]);
  };
  const isNull = (index: number) => Prisma.sql`${parts[index]!.sql} IS NULL`;
  return after(0);
}

/** The cursor values of a result row's key columns (`k0`, `k1`, ... as selected by `keysetColumns`). */
export function keyValuesOf(parts: readonly TKeyPart[], row: Record<string, unknown>): TKeyValue[] {
  return parts.map((part, i) => toKeyValue(part.kind, row[`k${i}`]));
}

/** Selects every key part as `k0`, `k1`, ... so the cursor is built from exactly what was compared. */
export function keysetColumns(parts: readonly TKeyPart[]): Prisma.Sql {
  return Prisma.join(parts.map((part, i) => Prisma.sql`${part.sql} AS ${Prisma.raw(`"k${i}"`)}`));
}

/** Refuses a cursor whose values do not fit the key (they are cast in SQL, where a bad one would be a 500). */
export function checkKeyValues(
  parts: readonly TKeyPart[],
  values: readonly TKeyValue[],
  scope: string,
): void {
  const fits = parts.every((part, i) => fitsKind(part, values[i] ?? null));
  if (!fits || values.length !== parts.length) throw invalidCursor(scope);
}

function fitsKind(part: TKeyPart, value: TKeyValue): boolean {
  if (value === null) return part.nullable === true;
  switch (part.kind) {
    case 'int':
      // int4 in SQL: a larger one would be refused by the cast (22003).
      return typeof value === 'number' && Number.isInteger(value) && value >= INT4_MIN && value <= INT4_MAX;
    case 'timestamp':
      // Year 0000 parses in JS but not in PostgreSQL (22008).
      return (
        typeof value === 'string' &&
        ISO_DATE.test(value) &&
        !value.startsWith('0000') &&
        !Number.isNaN(Date.parse(value))
      );
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'text':
      // No NUL (22021) and no lone surrogate: text PostgreSQL can compare.
      return typeof value === 'string' && value.length <= 1_000 && findUnsafeText(value) === undefined;
  }
}

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toKeyValue(kind: TKeyKind, value: unknown): TKeyValue {
  if (value === null || value === undefined) return null;
  if (kind === 'timestamp') return value instanceof Date ? value.toISOString() : String(value);
  if (kind === 'int') return Number(value);
  return String(value);
}

function castParam(part: TKeyPart, value: TKeyValue): Prisma.Sql {
  // Timestamps are UTC wall-clock in `timestamp(3)` columns; the ISO string's zone is ignored by the cast.
  return Prisma.sql`${value}::${Prisma.raw(part.kind === 'timestamp' ? 'timestamp(3)' : part.kind)}`;
}

function and(terms: Prisma.Sql[]): Prisma.Sql {
  return terms.length === 1 ? terms[0]! : Prisma.sql`(${Prisma.join(terms, ' AND ')})`;
}

function or(terms: Prisma.Sql[]): Prisma.Sql {
  return terms.length === 1 ? terms[0]! : Prisma.sql`(${Prisma.join(terms, ' OR ')})`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
