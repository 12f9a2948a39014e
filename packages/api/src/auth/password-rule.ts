import { AppError } from '@standby/protocol';
import { z } from 'zod';

/** One password rule for every path that sets a password (first admin, user creation, admin reset, better-auth). */
export const PASSWORD_MIN_LENGTH = 10;
/** Hashing is deliberately slow (scrypt): a bound keeps a huge password from costing the server. */
export const PASSWORD_MAX_LENGTH = 128;

export const ZPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

/** For services reached without a router's input schema (scripts, the demo, tests): BAD_REQUEST naming the field. */
export function assertPasswordRule(password: unknown): asserts password is string {
  const parsed = ZPasswordSchema.safeParse(password);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', `password: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
  }
}
