import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneCheckRuns } from '../src/services/retention';
import { startTestDatabase, type TestDatabase } from './test-database';

describe('retention of check history', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('deletes runs older than the cut-off with their components, but keeps each host’s latest run', async () => {
    const { prisma } = db;
    const host = await prisma.host.create({ data: { key: 'ret/A', hostname: 'ret', application: 'A' } });
    const day = 86_400_000;
    const now = Date.now();
    const run = (ageDays: number) => ({
      id: randomUUID(),
      hostId: host.id,
      status: 'RUNNING',
      applicable: true,
      mode: 'backup',
      checkEnabled: true,
      timeoutSec: 60,
      startedAt: new Date(now - ageDays * day),
      finishedAt: new Date(now - ageDays * day + 1_000),
      durationMs: 1_000,
      portState: 'passed',
    });
    const runs = [run(500), run(450), run(10), run(1)];
    await prisma.checkRun.createMany({ data: runs });
    await prisma.componentResult.createMany({
      data: runs.map((r) => ({ runId: r.id, name: 't-controller', state: 'ready', readyAfterMs: 5 })),
    });
    // An old latest run (a host that stopped reporting long ago) stays.
    const lonely = await prisma.host.create({ data: { key: 'ret/B', hostname: 'ret', application: 'B' } });
    const lonelyRun = { ...run(600), hostId: lonely.id };
    await prisma.checkRun.create({ data: lonelyRun });
    await prisma.host.update({ where: { id: lonely.id }, data: { lastRunId: lonelyRun.id } });

    const deleted = await pruneCheckRuns(prisma, new Date(now - 400 * day));
    expect(deleted).toBe(2);
    const left = await prisma.checkRun.findMany({ select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([runs[2]!.id, runs[3]!.id, lonelyRun.id].sort());
    expect(await prisma.componentResult.count()).toBe(2);
    expect(await pruneCheckRuns(prisma, new Date(now - 400 * day))).toBe(0);
  });
});
