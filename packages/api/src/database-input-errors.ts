import { AppError } from '@standby/protocol';

// A safety net behind the zod bounds of every input: a database error that a request's values cause
// (a NUL byte, a number or date out of the column's range, text that is not a valid uuid, json or
// timestamp) is the caller's mistake, not a server failure. Answered BAD_REQUEST — with a fixed
// message, since PostgreSQL's own text quotes values and types and never names the request's field.

/** SQLSTATEs of data exceptions that only a value can cause (class 22) and oversized values (54000). */
const INPUT_SQLSTATES = new Set([
  '22001', // string_data_right_truncation: too long for the column
  '22003', // numeric_value_out_of_range: int4 or bigint overflow
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow: year 0000, past 294276
  '22021', // character_not_in_repertoire: NUL byte in text
  '22P02', // invalid_text_representation: not a uuid, number or json
  '22P05', // untranslatable_character: \u0000 in json
  '54000', // program_limit_exceeded: e.g. an index row too large
]);

/** Prisma's own codes for a value the database refused (range, validation, 64-bit overflow). */
const INPUT_PRISMA_CODES = new Set(['P2000', 'P2005', 'P2006', 'P2007', 'P2020', 'P2033']);

export const DATABASE_INPUT_MESSAGE =
  'A value in the request cannot be stored or compared: text with a NUL byte or invalid Unicode, or a number or date out of range.';

/** The SQLSTATE behind an error from Prisma (driver adapter) or from `pg` directly, if any. */
export function sqlStateOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } }).meta;
  const fromPrisma = meta?.driverAdapterError?.cause?.originalCode;
  if (typeof fromPrisma === 'string') return fromPrisma;
  // node-postgres' DatabaseError (the raw pool used by ingest and listings).
  const code = (error as { code?: unknown }).code;
  const isPgError = (error as { name?: unknown }).name === 'error' || 'severity' in error;
  return typeof code === 'string' && isPgError && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * True when a database error was caused by a value from the request. Prisma's unknown-request errors
 * carry no code, only the driver's text, which is then read as a last resort.
 */
export function isDatabaseInputError(error: unknown): boolean {
  const state = sqlStateOf(error);
  if (state) return INPUT_SQLSTATES.has(state);
  if (!error || typeof error !== 'object') return false;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  if (name === 'PrismaClientKnownRequestError' && typeof code === 'string')
    return INPUT_PRISMA_CODES.has(code);
  return (
    name === 'PrismaClientUnknownRequestError' &&
    typeof message === 'string' &&
    /invalid input syntax|invalid byte sequence|out of range|unsupported Unicode escape/i.test(message)
  );
}

/** The refusal a client gets instead of INTERNAL, or undefined when the error is a real failure. */
export function databaseInputRefusal(error: unknown): AppError | undefined {
  return isDatabaseInputError(error) ? new AppError('BAD_REQUEST', DATABASE_INPUT_MESSAGE) : undefined;
}
