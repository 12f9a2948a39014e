import type { PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';

/** At most `limit` requests per `windowMs` for one key. */
export interface TRateLimit {
  limit: number;
  windowMs: number;
}

/** Rows whose window ended this long ago are deleted now and then (the table stays small). */
const PRUNE_AFTER_MS = 3_600_000;
/** About one call in this many prunes: cheap, and no timer needed on any node. */
const PRUNE_EVERY = 200;

/**
 * Counts one request against `key` in PostgreSQL (a fixed window per key, shared by every dashboard
 * node) and refuses it with TOO_MANY_REQUESTS once the window's budget is spent. `what` names the
 * limit in the refusal, e.g. "enrollments from this address". One statement: concurrent requests on
 * several nodes cannot overspend.
 */
export async function consumeRateLimit(
  prisma: PrismaClient,
  key: string,
  { limit, windowMs }: TRateLimit,
  what: string,
): Promise<void> {
  const [row] = await prisma.$queryRaw<{ count: number; retryMs: number }[]>`
    INSERT INTO "RequestRateLimit" (key, "windowStart", count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      "windowStart" = CASE WHEN "RequestRateLimit"."windowStart" <= now() - make_interval(secs => ${windowMs}::double precision / 1000)
        THEN now() ELSE "RequestRateLimit"."windowStart" END,
      count = CASE WHEN "RequestRateLimit"."windowStart" <= now() - make_interval(secs => ${windowMs}::double precision / 1000)
        THEN 1 ELSE "RequestRateLimit".count + 1 END
    RETURNING count,
      GREATEST(0, EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${windowMs}::double precision / 1000) - now())) * 1000)::int AS "retryMs"`;
  if (Math.random() * PRUNE_EVERY < 1) void pruneRateLimits(prisma).catch(() => {});
  if (row && row.count > limit) {
    const seconds = Math.max(1, Math.ceil(row.retryMs / 1000));
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many ${what}: the limit is ${limit} per ${describeWindow(windowMs)}. Try again in ${seconds} s.`,
    );
  }
}

function pruneRateLimits(prisma: PrismaClient) {
  return prisma.$executeRaw`
    DELETE FROM "RequestRateLimit" WHERE "windowStart" < now() - make_interval(secs => ${PRUNE_AFTER_MS}::double precision / 1000)`;
}

const describeWindow = (windowMs: number): string =>
  windowMs === 60_000 ? 'minute' : windowMs % 1000 === 0 ? `${windowMs / 1000} s` : `${windowMs} ms`;
