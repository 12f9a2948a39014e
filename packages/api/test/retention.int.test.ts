import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneCheckRuns } from '../src/services/retention';
import { checkResult, ingest, reportingHost, startTestDatabase, type TestDatabase } from './test-database';

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
    const day = 86_400_000;
    const now = Date.now();
    // Runs as an agent reports them, through the ingest statement (which also makes each the host's latest
    // in turn): one component each, so the components deleted with a run can be counted.
    const run = (ageDays: number, readyAfterMs = [5]) =>
      checkResult({ startedAt: new Date(now - ageDays * day), durationMs: 1_000, readyAfterMs });
    const host = await reportingHost(db, { hostKey: 'ret/A' });
    const runs = [run(500), run(450), run(10), run(1)];
    for (const r of runs) await ingest(db, host, [r]);
    // An old latest run (a host that stopped reporting long ago) stays.
    const lonely = await reportingHost(db, { hostKey: 'ret/B' });
    const lonelyRun = run(600, []);
    await ingest(db, lonely, [lonelyRun]);
    expect((await prisma.host.findUniqueOrThrow({ where: { id: lonely } })).lastRunId).toBe(lonelyRun.runId);

    const deleted = await pruneCheckRuns(prisma, new Date(now - 400 * day));
    expect(deleted).toBe(2);
    const left = await prisma.checkRun.findMany({ select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([runs[2]!.runId, runs[3]!.runId, lonelyRun.runId].sort());
    expect(await prisma.componentResult.count()).toBe(2);
    expect(await pruneCheckRuns(prisma, new Date(now - 400 * day))).toBe(0);
  });
});
