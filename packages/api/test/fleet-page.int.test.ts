import { randomUUID } from 'node:crypto';
import { createHosts } from '@standby/db/testing';
import { FLEET_SORTS, type TFleetFilter, type TFleetHost } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markCheckStarted } from '../src/services/check-progress';
import { markAgentDisconnected } from '../src/services/register-agent-host';
import { fleetRowOf } from './fleet-row-of';
import {
  type CheckResultSeed,
  checkResult,
  enrolledAgent,
  ingest,
  refreshVerdicts,
  sayHello,
  startTestDatabase,
  type TestDatabase,
  walkPages,
} from './test-database';

// A fleet with every kind of tie and gap the keyset has to survive: shared host names, shared check times,
// hosts without a pair or a check, agents offline or missing. These tests are about the SQL (keyset pages,
// sorts, search, filters, counts), over a fleet made the way production makes one: hellos
// (registerAgentHost), results through the ingest statement, disconnects, checks starting, data going
// stale — and the verdict those evaluate (refreshHostVerdicts), which stores the status shown, the
// verdict and the finding counts the listings read. The expectations are then read back from the rows.

interface Expected {
  id: string;
  hostname: string;
  application: string;
  pairId: string | null;
  pairName: string | null;
  mode: string;
  /** The raw `status` column (the SIP Server's last report): never read by a listing. */
  status: string;
  shownStatus: string;
  verdict: string;
  lastCheckAt: Date | null;
  pendingRestart: boolean;
  findingsCritical: number;
  findingsWarning: number;
  findingsInfo: number;
  effectiveOptions: unknown;
  agent: { connected: boolean } | null;
}

/** How each host came to be, cycling over the fleet. */
const KINDS = [
  'primary', // a primary that reports RUNNING: verdict primary
  'passing', // a backup whose check passed: would-serve, RUNNING
  'failing', // a backup whose check failed: would-not-serve, SERVICE_UNAVAILABLE, a critical finding
  'disconnected', // reported RUNNING, then its agent went away: unknown, UNKNOWN
  'check-off', // a backup with backup-init-check false: not-verified, warning and info findings
  'starting', // its SIP Server is starting, the start check running: INITIALIZING
  'stale', // connected, but silent for longer than allowed: unknown, UNKNOWN
  'no-agent', // no agent ever enrolled: unknown
  'never-checked', // said hello, never sent a result: not-verified
] as const;
const CHECK_TIMES = [
  null,
  '2026-03-01T10:00:00.000Z',
  '2026-03-01T10:00:00.000Z',
  '2026-03-02T08:30:00.123Z',
];

describe('fleet.page and fleet.counts on a real PostgreSQL', () => {
  let db: TestDatabase;
  let fleet: Expected[];
  let pairIds: Record<string, string>;

  beforeAll(async () => {
    db = await startTestDatabase();
    const pairNames = ['pair-a', 'pair-b', 'pair-c', null];
    const stale: string[] = [];
    for (let i = 0; i < 41; i++) {
      const kind = KINDS[i % KINDS.length]!;
      // Every host name appears two or three times: ties on the first key everywhere.
      const hostname = `sip${String(i % 17).padStart(2, '0')}`;
      const application = i === 3 ? 'SIPS_Alpha_Main' : `SIPS_${i}`;
      const pair = pairNames[(i * 7) % 4] ?? null;
      if (kind === 'no-agent') {
        const [id] = await createHosts(db.prisma, [
          { hostname, application, mode: i % 2 ? 'primary' : 'backup', agent: null },
        ]);
        await refreshVerdicts(db, [id!]);
        continue;
      }
      const agent = await enrolledAgent(db, `${hostname}/${application}`);
      const connection = `node-test/${agent.agentId}`;
      const checkOff = kind === 'check-off';
      const effectiveOptions = {
        'backup-init-check': checkOff ? 'false' : 'true',
        'backup-init-check-timeout': '60',
      };
      const hello = {
        pair,
        mode: kind === 'primary' ? ('primary' as const) : ('backup' as const),
        configuredOptions: effectiveOptions,
        effectiveOptions,
      };
      await sayHello(db, agent, hello, connection);
      if (['primary', 'passing', 'failing', 'disconnected', 'stale'].includes(kind)) {
        // Shared finish times (ties on lastCheckAt), or one of its own.
        const finishedAt = new Date(CHECK_TIMES[i % CHECK_TIMES.length] ?? Date.UTC(2026, 2, 3, 0, 0, i));
        const seed: CheckResultSeed = {
          status: kind === 'failing' ? 'SERVICE_UNAVAILABLE' : 'RUNNING',
          mode: hello.mode,
          startedAt: new Date(finishedAt.getTime() - 1_000),
          durationMs: 1_000,
          options: effectiveOptions,
        };
        await ingest(db, agent.hostId, [checkResult(seed)]);
      }
      // Some files changed outside Standby since the server started: pending restart.
      if (i % 4 === 1) {
        await sayHello(
          db,
          agent,
          { ...hello, configuredOptions: { ...effectiveOptions, 'backup-init-check-timeout': '90' } },
          connection,
        );
      }
      if (kind === 'disconnected') await markAgentDisconnected(db.prisma, agent.hostId, connection);
      if (kind === 'starting') {
        await markCheckStarted(db.pool, agent.hostId, {
          runId: randomUUID(),
          startedAt: new Date().toISOString(),
          timeoutSec: 60,
          trigger: 'start',
          atStart: true,
        });
      }
      if (kind === 'stale') stale.push(agent.hostId);
    }
    // Last, as any later evaluation (a pair peer's) would see them fresh again: the sweeper's evaluation,
    // two hours from now.
    await refreshVerdicts(db, stale, new Date(Date.now() + 2 * 60 * 60 * 1000));

    const rows = await db.prisma.host.findMany({ include: { pair: true, agent: true } });
    pairIds = Object.fromEntries(rows.flatMap((row) => (row.pair ? [[row.pair.name, row.pair.id]] : [])));
    fleet = rows.map((row) => ({
      id: row.id,
      hostname: row.hostname,
      application: row.application,
      pairId: row.pairId,
      pairName: row.pair?.name ?? null,
      mode: row.mode,
      status: row.status,
      shownStatus: row.displayStatus,
      verdict: row.verdict,
      lastCheckAt: row.lastCheckAt,
      pendingRestart: row.pendingRestart,
      findingsCritical: row.findingsCritical,
      findingsWarning: row.findingsWarning,
      findingsInfo: row.findingsInfo,
      effectiveOptions: row.effectiveOptions,
      agent: row.agent ? { connected: row.agent.connected } : null,
    }));
    // The counts are the verdict's findings, counted.
    for (const row of rows) {
      const severities = (row.lastFindings as { severity: string }[]).map((finding) => finding.severity);
      expect([row.findingsCritical, row.findingsWarning, row.findingsInfo]).toEqual(
        ['critical', 'warning', 'info'].map((severity) => severities.filter((s) => s === severity).length),
      );
    }
    // The fleet covers what the tests below need to tell apart.
    expect(fleet).toHaveLength(41);
    expect(Object.keys(pairIds).sort()).toEqual(['pair-a', 'pair-b', 'pair-c']);
    expect(fleet.some((h) => h.status === 'RUNNING' && h.shownStatus === 'UNKNOWN')).toBe(true);
    expect(fleet.some((h) => h.shownStatus === 'UNKNOWN' && h.agent?.connected)).toBe(true);
  });

  afterAll(async () => {
    await db?.dispose();
  });

  const viewer = () => db.callerAs('viewer');
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  // Nulls last ascending (PostgreSQL's default), so descending is the exact reverse.
  const cmpNullable = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : cmp(a, b);
  // The status sort is the verdict's rank, worst first (fleet-sql.ts VERDICT_RANK).
  const RANK: Record<string, number> = {
    'would-not-serve': 0,
    unknown: 1,
    'not-verified': 2,
    'would-serve': 3,
    primary: 4,
  };
  const ORDER: Record<(typeof FLEET_SORTS)[number], (a: Expected, b: Expected) => number> = {
    pair: (a, b) => cmpNullable(a.pairName, b.pairName) || cmp(a.hostname, b.hostname) || cmp(a.id, b.id),
    hostname: (a, b) => cmp(a.hostname, b.hostname) || cmp(a.id, b.id),
    status: (a, b) =>
      cmp(RANK[a.verdict]!, RANK[b.verdict]!) || cmp(a.hostname, b.hostname) || cmp(a.id, b.id),
    lastCheckAt: (a, b) =>
      cmpNullable(a.lastCheckAt?.toISOString() ?? null, b.lastCheckAt?.toISOString() ?? null) ||
      cmp(a.id, b.id),
  };

  async function walk(input: {
    sort: (typeof FLEET_SORTS)[number];
    direction: 'asc' | 'desc';
    filter?: TFleetFilter;
  }) {
    const limit = 4;
    const { items, pages } = await walkPages<TFleetHost>(async (cursor) => {
      const page = await viewer().fleet.page({ ...input, limit, ...(cursor ? { cursor } : {}) });
      return { items: page.hosts, nextCursor: page.nextCursor };
    }, limit);
    return { ids: items.map((host) => host.id), hosts: items, pages };
  }

  for (const sort of FLEET_SORTS) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`walks every host exactly once in ${sort} ${direction} order across pages`, async () => {
        const expected = [...fleet].sort(ORDER[sort]).map((host) => host.id);
        if (direction === 'desc') expected.reverse();
        const { ids, pages } = await walk({ sort, direction });
        expect(ids).toEqual(expected);
        expect(new Set(ids).size).toBe(fleet.length);
        expect(pages).toBe(Math.ceil(fleet.length / 4));
      });
    }
  }

  it('defaults to the pair order, 100 per page: the whole fleet on its first page', async () => {
    const page = await viewer().fleet.page({});
    expect(page.hosts.map((host) => host.id)).toEqual([...fleet].sort(ORDER.pair).map((host) => host.id));
    expect(page.hosts).toHaveLength(fleet.length);
    expect(page.nextCursor).toBeNull();
  });

  it('shows the stored status and verdict, not one derived from the connection or the raw status, as host.get does', async () => {
    const { hosts } = await walk({ sort: 'pair', direction: 'asc' });
    expect(hosts).toHaveLength(fleet.length);
    for (const host of hosts) {
      const seeded = fleet.find((candidate) => candidate.id === host.id)!;
      expect(host.status).toBe(seeded.shownStatus);
      expect(host.verdict).toBe(seeded.verdict);
      expect(host.connected).toBe(seeded.agent?.connected ?? false);
      expect(host).toEqual(fleetRowOf(await viewer().host.get({ hostId: host.id })));
    }
    // A raw status that is no longer true never shows: the stored displayStatus does.
    const outdated = fleet.find((host) => host.status === 'RUNNING' && host.shownStatus === 'UNKNOWN')!;
    expect(hosts.find((host) => host.id === outdated.id)?.status).toBe(outdated.shownStatus);
  });

  it('returns the denormalized finding counts, pair id and effective options', async () => {
    const { hosts } = await viewer().fleet.page({ limit: 500 });
    for (const host of hosts) {
      const seeded = fleet.find((candidate) => candidate.id === host.id)!;
      expect(host.findings).toEqual({
        critical: seeded.findingsCritical,
        warning: seeded.findingsWarning,
        info: seeded.findingsInfo,
      });
      expect(host.pairId).toBe(seeded.pairId);
      expect(host.pair).toBe(seeded.pairName);
      expect(host.effectiveOptions).toEqual(seeded.effectiveOptions);
    }
  });

  const FILTERS: [string, TFleetFilter, (host: Expected) => boolean][] = [
    ['the stored status UNKNOWN', { statuses: ['UNKNOWN'] }, (h) => h.shownStatus === 'UNKNOWN'],
    [
      'the stored status RUNNING or INITIALIZING, whatever the connection',
      { statuses: ['RUNNING', 'INITIALIZING'] },
      (h) => h.shownStatus === 'RUNNING' || h.shownStatus === 'INITIALIZING',
    ],
    [
      'the verdict would-not-serve',
      { verdicts: ['would-not-serve'] },
      (h) => h.verdict === 'would-not-serve',
    ],
    [
      'the verdicts unknown or not-verified',
      { verdicts: ['unknown', 'not-verified'] },
      (h) => h.verdict === 'unknown' || h.verdict === 'not-verified',
    ],
    ['a search on the pair name, case-insensitive', { search: 'PAIR-B' }, (h) => h.pairName === 'pair-b'],
    [
      'a search on the application, case-insensitive',
      { search: 'alpha_main' },
      (h) => h.application === 'SIPS_Alpha_Main',
    ],
    ['a search on the host name', { search: 'ip07' }, (h) => h.hostname === 'sip07'],
    ['a search for a LIKE wildcard matches it literally', { search: '%' }, () => false],
    ['the mode', { mode: 'primary' }, (h) => h.mode === 'primary'],
    ['pending restart', { pendingRestart: true }, (h) => h.pendingRestart === true],
    ['no pending restart', { pendingRestart: false }, (h) => h.pendingRestart === false],
    ['critical findings', { minSeverity: 'critical' }, (h) => h.findingsCritical > 0],
    ['warning or worse', { minSeverity: 'warning' }, (h) => h.findingsCritical > 0 || h.findingsWarning > 0],
    [
      'any finding',
      { minSeverity: 'info' },
      (h) => h.findingsCritical + h.findingsWarning + h.findingsInfo > 0,
    ],
    [
      'several at once',
      { mode: 'backup', statuses: ['UNKNOWN', 'RUNNING'], search: 'sip0', minSeverity: 'info' },
      (h) =>
        h.mode === 'backup' &&
        (h.shownStatus === 'UNKNOWN' || h.shownStatus === 'RUNNING') &&
        h.hostname.startsWith('sip0') &&
        h.findingsCritical + h.findingsWarning + h.findingsInfo > 0,
    ],
  ];

  for (const [name, filter, matches] of FILTERS) {
    it(`filters on ${name}, across pages, and counts the same hosts`, async () => {
      const expectedHosts = fleet.filter(matches);
      if (name !== 'a search for a LIKE wildcard matches it literally')
        expect(expectedHosts.length).toBeGreaterThan(0);
      const { ids } = await walk({ sort: 'status', direction: 'asc', filter });
      expect(ids).toEqual([...expectedHosts].sort(ORDER.status).map((host) => host.id));

      const counts = await viewer().fleet.counts({ filter });
      expect(counts.total).toBe(expectedHosts.length);
      expect(counts.pendingRestart).toBe(expectedHosts.filter((h) => h.pendingRestart).length);
      expect(counts.withCritical).toBe(expectedHosts.filter((h) => h.findingsCritical > 0).length);
      for (const verdict of Object.keys(RANK))
        expect(counts.byVerdict[verdict as keyof typeof counts.byVerdict]).toBe(
          expectedHosts.filter((h) => h.verdict === verdict).length,
        );
    });
  }

  it('filters on the pair id', async () => {
    const { ids } = await walk({
      sort: 'hostname',
      direction: 'desc',
      filter: { pairId: pairIds['pair-c']! },
    });
    const expected = fleet.filter((host) => host.pairName === 'pair-c').sort(ORDER.hostname);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected.map((host) => host.id).reverse());
  });

  it('counts the whole fleet by shown status and by verdict', async () => {
    const counts = await viewer().fleet.counts({});
    const tally = (status: string) => fleet.filter((host) => host.shownStatus === status).length;
    const byVerdict = (verdict: string) => fleet.filter((host) => host.verdict === verdict).length;
    expect(counts).toEqual({
      total: fleet.length,
      byStatus: {
        RUNNING: tally('RUNNING'),
        SERVICE_UNAVAILABLE: tally('SERVICE_UNAVAILABLE'),
        INITIALIZING: tally('INITIALIZING'),
        UNKNOWN: tally('UNKNOWN'),
      },
      byVerdict: {
        'would-serve': byVerdict('would-serve'),
        'would-not-serve': byVerdict('would-not-serve'),
        'not-verified': byVerdict('not-verified'),
        unknown: byVerdict('unknown'),
        primary: byVerdict('primary'),
      },
      pendingRestart: fleet.filter((host) => host.pendingRestart).length,
      withCritical: fleet.filter((host) => host.findingsCritical > 0).length,
    });
    expect(Object.values(counts.byStatus).every((count) => count > 0)).toBe(true);
    expect(Object.values(counts.byVerdict).every((count) => count > 0)).toBe(true);
  });

  it('refuses a cursor from another sort order, or a forged one, as a bad request', async () => {
    const first = await viewer().fleet.page({ sort: 'hostname', limit: 3 });
    expect(first.nextCursor).not.toBeNull();
    await expect(viewer().fleet.page({ sort: 'pair', cursor: first.nextCursor! })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      viewer().fleet.page({ sort: 'hostname', direction: 'desc', cursor: first.nextCursor! }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const forged = Buffer.from(
      JSON.stringify({ s: 'fleet:hostname:asc', k: ['x', "1'; DROP TABLE"] }),
    ).toString('base64url');
    await expect(viewer().fleet.page({ sort: 'hostname', cursor: forged })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(viewer().fleet.page({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('validates its input: limit bounds and an empty status list', async () => {
    await expect(viewer().fleet.page({ limit: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(viewer().fleet.page({ limit: 501 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(viewer().fleet.counts({ filter: { statuses: [] } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('answers UNAUTHORIZED to a caller who is not signed in', async () => {
    await expect(db.callerFor(null).fleet.page({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(db.callerFor(null).fleet.counts({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
