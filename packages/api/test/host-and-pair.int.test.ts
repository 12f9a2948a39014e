import { randomUUID } from 'node:crypto';
import { createHosts, createPair } from '@standby/db/testing';
import { COMPONENT_NAMES } from '@standby/domain';
import type { TCheckRunView } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkResult,
  ingest,
  refreshVerdicts,
  startTestDatabase,
  type TestDatabase,
  walkPages,
} from './test-database';

const DAY_MS = 24 * 60 * 60 * 1000;

interface SeededRun {
  id: string;
  startedAt: Date;
  maxReadyAfterMs: number | null;
  components: number;
}

const BACKUP_EFFECTIVE = {
  'backup-init-check': 'true',
  'backup-init-check-timeout': '15',
  'backup-sip-port-check': 'true',
  'control-vip-scripts': 'false',
};
const BACKUP_CONFIGURED = { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' };

/** Failing runs: every third, and the newest three (the host's current streak). */
const failed = (i: number, count: number) => i % 3 === 0 || i >= count - 3;

/**
 * `count` runs one minute apart from `base` (newest last), some sharing a start time, each stored through
 * the ingest statement as the agent sends it (oldest first). The smart-proxy timed out in every measured
 * run; the agent saw it become ready later (readiness past the deadline) in all but the two newest.
 */
async function ingestRuns(
  db: TestDatabase,
  hostId: string,
  base: number,
  count: number,
  readyMs: (index: number) => number | null,
): Promise<SeededRun[]> {
  const runs: SeededRun[] = [];
  for (let i = 0; i < count; i++) {
    // Every fifth run starts at the same instant as the one before: ties broken by id.
    const startedAt = new Date(base + (i - (i % 5 === 4 ? 1 : 0)) * 60_000);
    const max = readyMs(i);
    const result = checkResult({
      status: failed(i, count) ? 'SERVICE_UNAVAILABLE' : 'RUNNING',
      checkEnabled: max !== null,
      readyAfterMs: max === null ? [] : [0, 1, 2, 3].map((c) => max - (3 - c) * 1_000),
      trigger: i % 2 ? 'start' : 'interval',
      startedAt,
      durationMs: 1_000,
      portState: i % 2 ? 'passed' : 'failed',
      portReason: i % 2 ? null : 'in use by pid 42',
      findings: i % 2 ? [] : [{ code: 'port-in-use', severity: 'critical', message: `run ${i}` }],
      options: BACKUP_EFFECTIVE,
      configuredOptions: BACKUP_CONFIGURED,
      version: '8.1.103.64',
      // The server started before all of them (and before the pending change).
      serverStartedAt: new Date(base - 60 * 60_000),
    });
    if (max !== null) {
      result.components[1] = {
        name: 'smart-proxy',
        state: 'timeout',
        // The two newest share a start time: neither was seen ready after its timeout.
        readyAfterMs: i >= count - 2 ? null : max - 2_000,
        detail: 'not ready',
      };
    }
    // Delivered live when it finished, but run 7, replayed from the agent's spool.
    await ingest(db, hostId, [result], i === 7, true);
    runs.push({ id: result.runId, startedAt, maxReadyAfterMs: max, components: max === null ? 0 : 4 });
  }
  return runs;
}

describe('host.get, host.runs, host.startupSeries and pair.get on a real PostgreSQL', () => {
  let db: TestDatabase;
  const now = Date.now();
  let pairId: string;
  let lonePairId: string;
  let backupId: string;
  let primaryId: string;
  let offlineId: string;
  let runs: SeededRun[];

  beforeAll(async () => {
    db = await startTestDatabase();
    pairId = await createPair(db.prisma, 'pair-x');
    lonePairId = await createPair(db.prisma, 'pair-lone');
    const ids = await createHosts(db.prisma, [
      {
        hostname: 'sipxb',
        application: 'SIPS_X_B',
        pairId,
        mode: 'backup',
        // Facts of the hello; the status, options and findings come from the runs ingested below.
        pendingRestart: true,
        pendingSince: new Date(now - 2 * DAY_MS),
        agent: { connected: true, agentVersion: '1.2.3', lastSeenAt: new Date(now - 5_000) },
      },
      {
        hostname: 'sipxp',
        application: 'SIPS_X_P',
        pairId,
        mode: 'primary',
        effectiveOptions: { 'backup-init-check': 'false', 'backup-init-check-timeout': '60' },
        agent: { connected: true },
      },
      {
        hostname: 'sipoff',
        application: 'SIPS_OFF',
        pairId: lonePairId,
        mode: 'backup',
        configuredOptions: { 'backup-init-check': 'true' },
        agent: { connected: false, revokedAt: new Date(now - 1_000) },
      },
    ]);
    [backupId, primaryId, offlineId] = ids as [string, string, string];
    // 60 runs, three days ago (before the pending change): the 10 oldest were very slow, the newest 50
    // need about 20 s. Some runs have no components (the check was off).
    runs = await ingestRuns(db, backupId, now - 3 * DAY_MS, 60, (i) =>
      i < 10 ? 900_000 : i % 10 === 5 ? null : 20_000 + i * 10,
    );
    await refreshVerdicts(db, ids);
  });

  afterAll(async () => {
    await db?.dispose();
  });

  const viewer = () => db.callerAs('viewer');
  const newestFirst = () =>
    [...runs].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1));
  const measuredNewestFirst = () => newestFirst().filter((run) => run.maxReadyAfterMs !== null);

  describe('host.get', () => {
    it('returns the facts, UNKNOWN-free status while connected, and the agent', async () => {
      const { host } = await viewer().host.get({ hostId: backupId });
      expect(host).toMatchObject({
        id: backupId,
        hostname: 'sipxb',
        application: 'SIPS_X_B',
        pair: { id: pairId, name: 'pair-x' },
        mode: 'backup',
        version: '8.1.103.64',
        sameHost: false,
        configuredOptions: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
        pendingRestart: true,
        pendingSince: new Date(now - 2 * DAY_MS).toISOString(),
        status: 'SERVICE_UNAVAILABLE',
        // Since the first run of the current failing streak (ingest order).
        statusSince: new Date(runs[57]!.startedAt.getTime() + 1_000).toISOString(),
        verdict: 'would-not-serve',
        agent: { connected: true, agentVersion: '1.2.3', revokedAt: null },
      });
      expect(host.effectiveOptions['control-vip-scripts']).toBe('false');
    });

    it('returns the newest run with its components in the seed order', async () => {
      const { latestRun } = await viewer().host.get({ hostId: backupId });
      const newest = newestFirst()[0]!;
      expect(latestRun?.id).toBe(newest.id);
      expect(latestRun?.components.map((component) => component.name)).toEqual([...COMPONENT_NAMES]);
      expect(latestRun?.components[1]).toEqual({
        name: 'smart-proxy',
        state: 'timeout',
        readyAfterMs: null,
        detail: 'not ready',
      });
    });

    it('merges the latest check’s findings with the dashboard’s, one per code and option, worst first', async () => {
      const { findings } = await viewer().host.get({ hostId: backupId });
      const keys = findings.map((finding) => `${finding.code}/${finding.option ?? ''}`);
      expect(new Set(keys).size).toBe(keys.length);

      // The verdict's evaluation of the last check (labelled as from the last check): it says since when.
      const lastFailed = findings.filter((finding) => finding.code === 'last-check-failed');
      expect(lastFailed).toHaveLength(1);
      expect(lastFailed[0]).toMatchObject({ source: 'last-check', severity: 'critical' });
      expect(lastFailed[0]!.message).toMatch(/since/);

      expect(findings.find((finding) => finding.code === 'pending-restart-stale')).toMatchObject({
        source: 'dashboard',
      });
      // The host's findings are the verdict's (one list for every page): a run's own findings stay with the run.
      expect(findings.find((finding) => finding.code === 'port-in-use')).toBeUndefined();
      expect(
        (await viewer().host.runs({ hostId: backupId, limit: 200 })).runs.map((r) => r.findings),
      ).toContainEqual([expect.objectContaining({ code: 'port-in-use' })]);
      expect(findings.find((finding) => finding.code === 'timeout-below-startup')).toMatchObject({
        source: 'dashboard',
        option: 'backup-init-check-timeout',
      });
      const ranks = findings.map((finding) => ['critical', 'warning', 'info'].indexOf(finding.severity));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(findings.some((finding) => finding.code === 'agent-not-connected')).toBe(false);
    });

    it('suggests a timeout from the p95 of the slowest component over the last 50 measured runs', async () => {
      const { findings } = await viewer().host.get({ hostId: backupId });
      // The last 50 runs that waited for the components (a disabled check measures nothing), less the two newest,
      // whose timed-out component was never seen ready (its startup is not known).
      const samples = measuredNewestFirst()
        .slice(0, 50)
        .filter((run) => run.id !== runs[59]!.id && run.id !== runs[58]!.id)
        .map((run) => run.maxReadyAfterMs!)
        .sort((a, b) => a - b);
      const p95 = samples[Math.ceil((95 * samples.length) / 100) - 1]!;
      const timeout = findings.find((finding) => finding.code === 'timeout-below-startup');
      expect(timeout).toMatchObject({
        source: 'dashboard',
        option: 'backup-init-check-timeout',
        suggestedValue: String(Math.ceil((p95 * 3) / 2000)),
      });
    });

    it('shows UNKNOWN and an agent-not-connected finding for a host whose agent is offline', async () => {
      const detail = await viewer().host.get({ hostId: offlineId });
      expect(detail.host.status).toBe('UNKNOWN');
      expect(detail.host.agent).toMatchObject({ connected: false, revokedAt: expect.any(String) });
      expect(detail.latestRun).toBeNull();
      expect(detail.findings.filter((finding) => finding.code === 'agent-not-connected')).toHaveLength(1);
    });

    it('answers NOT_FOUND naming the id of an unknown host', async () => {
      const missing = randomUUID();
      const error = await viewer()
        .host.get({ hostId: missing })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NOT_FOUND' });
      expect((error as Error).message).toContain(missing);
      await expect(viewer().host.get({ hostId: 'not-a-uuid' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });
  });

  describe('host.runs', () => {
    async function walkRuns(limit: number) {
      return walkPages<TCheckRunView>(async (cursor) => {
        const page = await viewer().host.runs({ hostId: backupId, limit, ...(cursor ? { cursor } : {}) });
        return { items: page.runs, nextCursor: page.nextCursor };
      }, limit);
    }

    it('walks every run newest first, ties on the start time broken by id, across pages', async () => {
      const { items, pages } = await walkRuns(7);
      expect(items.map((run) => run.id)).toEqual(newestFirst().map((run) => run.id));
      expect(pages).toBe(Math.ceil(60 / 7));
    });

    it('returns each run’s fields and its own components', async () => {
      const { items } = await walkRuns(13);
      for (const run of items) {
        const seeded = runs.find((candidate) => candidate.id === run.id)!;
        expect(run.components).toHaveLength(seeded.components);
        if (seeded.maxReadyAfterMs !== null) {
          expect(Math.max(...run.components.map((component) => component.readyAfterMs ?? 0))).toBe(
            seeded.maxReadyAfterMs,
          );
        }
        expect(run.startedAt).toBe(seeded.startedAt.toISOString());
      }
      const failedPort = items.find((run) => run.portCheck.state === 'failed')!;
      expect(failedPort.portCheck).toEqual({
        state: 'failed',
        reason: 'in use by pid 42',
        port: 5060,
        address: null,
      });
      expect(failedPort.findings).toEqual([
        { code: 'port-in-use', severity: 'critical', message: expect.stringMatching(/^run /) },
      ]);
      expect(items.filter((run) => run.late)).toHaveLength(1);
    });

    it('defaults to 50 per page and refuses a limit above 200', async () => {
      const page = await viewer().host.runs({ hostId: backupId });
      expect(page.runs).toHaveLength(50);
      expect(page.nextCursor).not.toBeNull();
      await expect(viewer().host.runs({ hostId: backupId, limit: 201 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });

    it('answers NOT_FOUND for an unknown host and an empty page for a host without runs', async () => {
      await expect(viewer().host.runs({ hostId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await viewer().host.runs({ hostId: primaryId })).toEqual({ runs: [], nextCursor: null });
    });
  });

  describe('host.startupSeries', () => {
    it('returns the newest measured runs oldest first with the slowest component per run', async () => {
      const { points } = await viewer().host.startupSeries({ hostId: backupId, limit: 12 });
      const expected = measuredNewestFirst().slice(0, 12).reverse();
      expect(points.map((point) => point.runId)).toEqual(expected.map((run) => run.id));
      expect(points.map((point) => point.maxReadyAfterMs)).toEqual(
        expected.map((run) => run.maxReadyAfterMs),
      );
      expect(points[0]).toMatchObject({ timeoutSec: 15, startedAt: expected[0]!.startedAt.toISOString() });
    });

    it('defaults to 200 points', async () => {
      const { points } = await viewer().host.startupSeries({ hostId: backupId });
      // Every run that waited for the components (fewer than 200 were seeded).
      expect(points).toHaveLength(measuredNewestFirst().length);
      expect(points.length).toBeLessThan(60);
    });
  });

  describe('pair.get', () => {
    it('returns both members with their options and the check options that drift', async () => {
      const pair = await viewer().pair.get({ pairId });
      expect(pair.name).toBe('pair-x');
      expect(pair.members.map((member) => member.hostname)).toEqual(['sipxb', 'sipxp']);
      expect(pair.members[0]!.configuredOptions).toEqual({
        'backup-init-check': 'true',
        'backup-init-check-timeout': '15',
      });
      expect(pair.drift?.a).toEqual({ hostId: backupId, hostname: 'sipxb' });
      expect(pair.drift?.b).toEqual({ hostId: primaryId, hostname: 'sipxp' });
      // sipxp leaves backup-sip-port-check and control-vip-scripts out: their defaults match sipxb's values.
      expect(pair.drift?.options).toEqual([
        { option: 'backup-init-check', a: 'true', b: 'false' },
        { option: 'backup-init-check-timeout', a: '15', b: '60' },
      ]);
      expect(pair.drift?.findings.map((finding) => [finding.code, finding.option])).toEqual([
        ['pair-option-drift', 'backup-init-check'],
        ['pair-option-drift', 'backup-init-check-timeout'],
      ]);
      expect(pair.drift?.findings[0]?.message).toContain('sipxb');
    });

    it('has no drift for a pair with a single member, and NOT_FOUND for an unknown pair', async () => {
      const lone = await viewer().pair.get({ pairId: lonePairId });
      expect(lone.members.map((member) => member.id)).toEqual([offlineId]);
      expect(lone.members[0]!.status).toBe('UNKNOWN');
      expect(lone.drift).toBeNull();
      await expect(viewer().pair.get({ pairId: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  it('answers UNAUTHORIZED to a caller who is not signed in', async () => {
    const anonymous = db.callerFor(null);
    await expect(anonymous.host.get({ hostId: backupId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.host.runs({ hostId: backupId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.pair.get({ pairId })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
