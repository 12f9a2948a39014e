import type { PrismaClient } from '@standby/db';

/**
 * The per-account sign-in budget: at most `maxFailures` failed sign-ins for one email in a window
 * that opens at the first failure. It lives in PostgreSQL so every dashboard node spends the same
 * budget. Keyed on the email as typed (lowercased), whether or not such a user exists, so the
 * answer never tells which accounts exist.
 */
export interface SignInThrottleRule {
  maxFailures: number;
  windowSeconds: number;
}

export const ACCOUNT_SIGN_IN_RULE: SignInThrottleRule = { maxFailures: 5, windowSeconds: 15 * 60 };

export type SignInTicket = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const PRUNE_EVERY_MS = 60_000;

export class SignInThrottle {
  private lastPruneAt = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly rule: SignInThrottleRule = ACCOUNT_SIGN_IN_RULE,
  ) {}

  /**
   * Called before the password is checked. Every attempt is counted as a failure up front, in one
   * atomic statement, so a burst of parallel guesses cannot all slip through before the first one
   * is counted; `succeeded` takes the count back for an attempt that was right. An account out of
   * budget is refused without checking the password (else the refusal would itself be an oracle).
   */
  async reserve(email: string): Promise<SignInTicket> {
    this.pruneNowAndThen();
    const window = this.rule.windowSeconds;
    const counted = await this.prisma.$queryRaw<{ failures: number }[]>`
      INSERT INTO "SignInThrottle" AS t (email, "windowStartedAt", failures)
      VALUES (${email}, now(), 1)
      ON CONFLICT (email) DO UPDATE SET
        "windowStartedAt" = CASE WHEN t."windowStartedAt" <= now() - make_interval(secs => ${window})
                                 THEN now() ELSE t."windowStartedAt" END,
        failures = CASE WHEN t."windowStartedAt" <= now() - make_interval(secs => ${window})
                        THEN 1 ELSE t.failures + 1 END
      WHERE t."windowStartedAt" <= now() - make_interval(secs => ${window})
         OR t.failures < ${this.rule.maxFailures}
      RETURNING failures`;
    if (counted.length > 0) return { allowed: true };
    const [row] = await this.prisma.$queryRaw<{ seconds: number }[]>`
      SELECT ceil(extract(epoch FROM "windowStartedAt" + make_interval(secs => ${window}) - now()))::int AS seconds
      FROM "SignInThrottle" WHERE email = ${email}`;
    return { allowed: false, retryAfterSeconds: Math.max(1, row?.seconds ?? window) };
  }

  /**
   * The attempt was right: it is not a failure. The earlier failures stay counted — a success does
   * not hand a guesser a fresh budget, and the owner signing in meanwhile does not reset it.
   */
  async succeeded(email: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "SignInThrottle" SET failures = greatest(failures - 1, 0) WHERE email = ${email}`;
  }

  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPruneAt < PRUNE_EVERY_MS) return;
    this.lastPruneAt = Date.now();
    // Housekeeping only: a failed prune is retried a minute later and never fails a sign-in.
    this.prune().catch(() => {});
  }

  /** Windows that have passed say nothing any more (rows for emails guessed once would pile up). */
  async prune(): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM "SignInThrottle"
      WHERE "windowStartedAt" <= now() - make_interval(secs => ${this.rule.windowSeconds})`;
  }
}

/** How sign-in forms and the throttle spell one account: trimmed, lowercased, bounded. */
export function accountKey(email: unknown): string | null {
  if (typeof email !== 'string') return null;
  const key = email.trim().toLowerCase().slice(0, 255);
  return key || null;
}
