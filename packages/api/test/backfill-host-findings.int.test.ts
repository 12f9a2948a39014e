import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_DIR } from '@standby/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from './test-database';

// A migration of the findings' first shape, superseded by the verdict's (20261129025231): kept because
// databases upgrading from before it still run it.
const MIGRATION = path.join(MIGRATIONS_DIR, '20261125170000_backfill_host_findings', 'migration.sql');

describe('migration: backfill of the hosts’ latest findings', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('fills lastFindings and the counts from each host’s latest run, leaving hosts without one alone', async () => {
    const { prisma } = db;
    const reported = await prisma.host.create({ data: { key: 'bf/A', hostname: 'bf', application: 'A' } });
    const silent = await prisma.host.create({ data: { key: 'bf/B', hostname: 'bf', application: 'B' } });
    const findings = [
      { code: 'check-disabled', severity: 'critical', message: 'off' },
      {
        code: 'invalid-option-value',
        severity: 'warning',
        message: 'bad',
        option: 'backup-init-check-timeout',
      },
      { code: 'pair-drift', severity: 'warning', message: 'drift' },
    ];
    const runId = randomUUID();
    await prisma.checkRun.create({
      data: {
        id: runId,
        hostId: reported.id,
        status: 'SERVICE_UNAVAILABLE',
        applicable: true,
        mode: 'backup',
        checkEnabled: false,
        timeoutSec: 60,
        startedAt: new Date(),
        finishedAt: new Date(),
        durationMs: 0,
        portState: 'not-run',
        findings,
      },
    });
    await prisma.host.update({ where: { id: reported.id }, data: { lastRunId: runId } });

    await prisma.$executeRawUnsafe(await readFile(MIGRATION, 'utf8'));

    const after = await prisma.host.findUniqueOrThrow({ where: { id: reported.id } });
    expect(after.lastFindings).toEqual(findings);
    expect([after.findingsCritical, after.findingsWarning, after.findingsInfo]).toEqual([1, 2, 0]);
    const untouched = await prisma.host.findUniqueOrThrow({ where: { id: silent.id } });
    expect([untouched.lastFindings, untouched.findingsCritical]).toEqual([[], 0]);
  });
});
