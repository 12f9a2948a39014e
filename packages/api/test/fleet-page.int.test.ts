import { FLEET_SORTS, type TFleetFilter, type TFleetHost } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SeedHost,
  seedHosts,
  seedPair,
  startTestDatabase,
  type TestDatabase,
  walkPages,
} from './test-database';

// A fleet with every kind of tie and gap the keyset has to survive: shared host names, shared check times,
// hosts without a pair or a check, agents offline or missing. These tests are about the SQL (keyset pages,
// sorts, search, filters, counts), so the rows are written directly — with the stored verdict columns the
// listings read (displayStatus, verdict, finding counts: refreshHostVerdicts writes them in production) set
// explicitly and on purpose independent of the agent's connection and of the raw `status` column, which
// no listing may read. What the fleet shows for real facts is tested through ingest in
// verdict-everywhere.int.test.ts.

interface Expected extends SeedHost {
  id: string;
  pairName: string | null;
  shownStatus: string;
  verdict: string;
}

/** The raw `status` column (the SIP Server's last report): never read by a listing. */
const RAW_STATUSES = ['RUNNING', 'SERVICE_UNAVAILABLE', 'INITIALIZING', 'UNKNOWN', 'BOGUS'];
const DISPLAY_STATUSES = ['UNKNOWN', 'RUNNING', 'SERVICE_UNAVAILABLE', 'INITIALIZING'];
const VERDICTS = ['would-serve', 'would-not-serve', 'not-verified', 'unknown', 'primary', 'would-serve'];
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
    pairIds = {
      'pair-a': await seedPair(db.prisma, 'pair-a'),
      'pair-b': await seedPair(db.prisma, 'pair-b'),
      'pair-c': await seedPair(db.prisma, 'pair-c'),
    };
    const pairNames = ['pair-a', 'pair-b', 'pair-c', null];
    const seeds: (SeedHost & { pairName: string | null })[] = [];
    for (let i = 0; i < 41; i++) {
      const pairName = pairNames[(i * 7) % 4] ?? null;
      const connected = i % 4 !== 0;
      seeds.push({
        // Every host name appears two or three times: ties on the first key everywhere.
        hostname: `sip${String(i % 17).padStart(2, '0')}`,
        application: i === 3 ? 'SIPS_Alpha_Main' : `SIPS_${i}`,
        pairId: pairName ? pairIds[pairName]! : null,
        pairName,
        mode: i % 3 === 0 ? 'primary' : 'backup',
        status: RAW_STATUSES[i % RAW_STATUSES.length]!,
        displayStatus: DISPLAY_STATUSES[(i + Math.floor(i / 4)) % DISPLAY_STATUSES.length]!,
        verdict: VERDICTS[i % VERDICTS.length]!,
        lastCheckAt: CHECK_TIMES[i % CHECK_TIMES.length]
          ? new Date(CHECK_TIMES[i % CHECK_TIMES.length]!)
          : null,
        statusSince: new Date('2026-02-01T00:00:00.000Z'),
        pendingRestart: i % 4 === 1,
        findingsCritical: i % 6 === 0 ? 1 : 0,
        findingsWarning: i % 7 === 0 ? 2 : 0,
        findingsInfo: i % 2,
        effectiveOptions: { 'backup-init-check': i % 2 ? 'true' : 'false' },
        agent: i % 11 === 10 ? null : { connected },
      });
    }
    const ids = await seedHosts(
      db.prisma,
      seeds.map(({ pairName: _p, ...seed }) => seed),
    );
    fleet = seeds.map((seed, i) => ({
      ...seed,
      id: ids[i]!,
      shownStatus: seed.displayStatus!,
      verdict: seed.verdict!,
    }));
    // The seed covers what the tests below need to tell apart.
    expect(fleet.some((h) => h.shownStatus === 'RUNNING' && !h.agent?.connected)).toBe(true);
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

  it('defaults to the pair order, 100 per page, and keeps fleet.list working', async () => {
    const page = await viewer().fleet.page({});
    expect(page.hosts.map((host) => host.id)).toEqual([...fleet].sort(ORDER.pair).map((host) => host.id));
    expect(page.nextCursor).toBeNull();
    const list = await viewer().fleet.list();
    expect(list.hosts).toHaveLength(fleet.length);
  });

  it('shows the stored status and verdict, not one derived from the connection or the raw status, as fleet.list does', async () => {
    const { hosts } = await viewer().fleet.page({ limit: 500 });
    const list = new Map((await viewer().fleet.list()).hosts.map((host) => [host.id, host]));
    for (const host of hosts) {
      const seeded = fleet.find((candidate) => candidate.id === host.id)!;
      expect(host.status).toBe(seeded.shownStatus);
      expect(host.verdict).toBe(seeded.verdict);
      expect(host.connected).toBe(seeded.agent?.connected ?? false);
      const { findings: _f, ...summary } = list.get(host.id)!;
      expect(host).toMatchObject(summary);
    }
    // A raw BOGUS status never shows: the stored displayStatus does.
    const bogus = fleet.find((host) => host.status === 'BOGUS')!;
    expect(hosts.find((host) => host.id === bogus.id)?.status).toBe(bogus.shownStatus);
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
    ['critical findings', { minSeverity: 'critical' }, (h) => h.findingsCritical! > 0],
    [
      'warning or worse',
      { minSeverity: 'warning' },
      (h) => h.findingsCritical! > 0 || h.findingsWarning! > 0,
    ],
    [
      'any finding',
      { minSeverity: 'info' },
      (h) => h.findingsCritical! + h.findingsWarning! + h.findingsInfo! > 0,
    ],
    [
      'several at once',
      { mode: 'backup', statuses: ['UNKNOWN', 'RUNNING'], search: 'sip0', minSeverity: 'info' },
      (h) =>
        h.mode === 'backup' &&
        (h.shownStatus === 'UNKNOWN' || h.shownStatus === 'RUNNING') &&
        h.hostname.startsWith('sip0') &&
        h.findingsCritical! + h.findingsWarning! + h.findingsInfo! > 0,
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
      expect(counts.withCritical).toBe(expectedHosts.filter((h) => h.findingsCritical! > 0).length);
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
      withCritical: fleet.filter((host) => host.findingsCritical! > 0).length,
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
