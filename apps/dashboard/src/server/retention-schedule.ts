import { pruneCheckRuns } from '@standby/api';
import type { PrismaClient } from '@standby/db';

const EVERY_MS = 6 * 60 * 60 * 1000;

/** Prunes check history older than `days` now and every 6 hours; 0 days keeps everything. */
export function scheduleRetention(
  prisma: PrismaClient,
  days: number,
  log: (line: string) => void,
): () => void {
  if (days <= 0) return () => {};
  const prune = async () => {
    try {
      const deleted = await pruneCheckRuns(prisma, new Date(Date.now() - days * 86_400_000));
      if (deleted > 0) log(`[retention] deleted ${deleted} check runs older than ${days} days`);
    } catch (error) {
      log(`[retention] skipped: ${(error as Error).message}`);
    }
  };
  const first = setTimeout(() => void prune(), 60_000);
  const timer = setInterval(() => void prune(), EVERY_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
