import { z } from 'zod';

// Ids of bigint columns (commands, alerts, deliveries, audit events) travel as decimal strings. The
// pattern alone lets 19-digit values past PostgreSQL's bigint through (9,999,999,999,999,999,999),
// which the database refuses as out of range: so the value is checked too.

/** The largest PostgreSQL bigint (2^63 - 1). */
export const MAX_BIGINT_ID = 9_223_372_036_854_775_807n;

/** Whether `text` is a decimal id a bigint column can hold (1 … 2^63 - 1, or 0). */
export function isBigintId(text: string): boolean {
  return /^\d{1,19}$/.test(text) && BigInt(text) <= MAX_BIGINT_ID;
}

/** A decimal bigint id; `what` names it in the refusal (e.g. 'a decimal command id'). */
export function zBigintId(what = 'a decimal id') {
  return (
    z
      .string()
      .regex(/^\d{1,19}$/, what)
      // zod runs this check even after the pattern failed: only digits reach BigInt.
      .refine(
        (text) => !/^\d{1,19}$/.test(text) || BigInt(text) <= MAX_BIGINT_ID,
        `${what}, at most ${MAX_BIGINT_ID}`,
      )
  );
}
