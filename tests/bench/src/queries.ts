import { appRouter, type CommandBus, createCallerFactory } from '@standby/api';
import { bulkHostId } from '@standby/db/testing';
import { startBenchDashboard } from './bench-dashboard';
import { summarizeLatencies, type TLatencySummary } from './latency-summary';
import { row, type TMetricRow } from './metric-row';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { timeQuery } from './query-timer';
import { ResourceScope } from './resources';
import { planSeed, seedHistory } from './seed-history';

// Read-only procedures never wake agents; the caller still needs a bus in its context.
const IDLE_COMMAND_BUS: CommandBus = {
  waitForCommand: async () => {},
  notifyHosts: async () => {},
  notifyRevoked: async () => {},
  onRevoked: () => () => {},
  publishHostChanges: async () => {},
  onHostChanges: () => () => {},
};

const HOST_PAGE = 50;
/** fleet.page's largest page (ZFleetPageInputSchema). */
const FLEET_WALK_PAGE = 500;
const P95_TARGET_MS = 50;

/**
 * Queries at scale: a fresh database seeded with --runs check runs (+4 component rows each) across
 * --hosts hosts, then the browser's read procedures called through tRPC's server-side caller as a
 * signed-in viewer (input and output validation included; no HTTP).
 */
export async function runQueriesPhase({ options, dir, log }: TPhaseContext): Promise<TPhaseResult> {
  const scope = new ResourceScope(log);
  try {
    log('queries: starting a dashboard on a fresh embedded PostgreSQL');
    const dashboard = await startBenchDashboard(scope, dir, options);
    const plan = planSeed(options.runs, options.hosts);
    const seedStarted = performance.now();
    await seedHistory(dashboard.databaseUrl, plan, log);
    const seedSeconds = (performance.now() - seedStarted) / 1_000;

    const caller = createCallerFactory(appRouter)({
      prisma: dashboard.prisma,
      user: { id: 'bench', email: 'viewer@bench.standby', name: 'bench viewer', role: 'viewer' },
      agent: null,
      ip: null,
      commandBus: IDLE_COMMAND_BUS,
    });
    // Typical hosts in a fixed pseudo-random order, so consecutive calls do not hit the same pages.
    const typicalHost = (i: number) => bulkHostId(1 + ((i * 7_919) % (options.hosts - 1)));
    const deepHost = bulkHostId(0);

    log(`queries: walking host 0's ${plan.deepHostRuns} runs to its last page`);
    const depth = Math.max(0, plan.deepHostRuns - HOST_PAGE);
    let cursor: string | undefined;
    for (let skipped = 0; skipped < depth; ) {
      const limit = Math.min(200, depth - skipped);
      const page = await caller.host.runs({ hostId: deepHost, limit, ...(cursor ? { cursor } : {}) });
      skipped += page.runs.length;
      cursor = page.nextCursor ?? undefined;
      if (!cursor) break;
    }
    const deepCursor = cursor;

    /** Every host through fleet.page's keyset pages, as the fleet page loads them when scrolled to the end. */
    const walkFleet = async (): Promise<number> => {
      let hosts = 0;
      let next: string | undefined;
      do {
        const page = await caller.fleet.page({ limit: FLEET_WALK_PAGE, ...(next ? { cursor: next } : {}) });
        hosts += page.hosts.length;
        next = page.nextCursor ?? undefined;
      } while (next);
      return hosts;
    };
    const walked = await walkFleet();
    if (walked !== options.hosts) throw new Error(`fleet.page walked ${walked} hosts, not ${options.hosts}`);

    const queries: { name: string; label: string; run: (i: number) => Promise<unknown> }[] = [
      { name: 'fleet.page', label: 'fleet.page, first 100 hosts by pair', run: () => caller.fleet.page({}) },
      { name: 'fleet.counts', label: 'fleet.counts (status totals)', run: () => caller.fleet.counts({}) },
      {
        name: 'fleet.page all',
        label: `fleet.page, all ${options.hosts} hosts walked ${FLEET_WALK_PAGE} per page (the list scrolled to its end)`,
        run: () => walkFleet(),
      },
      {
        name: 'host.get',
        label: 'host.get (host page header)',
        run: (i) => caller.host.get({ hostId: typicalHost(i) }),
      },
      {
        name: 'host.runs first',
        label: `host.runs, first page of ${HOST_PAGE}`,
        run: (i) => caller.host.runs({ hostId: typicalHost(i), limit: HOST_PAGE }),
      },
      {
        name: 'host.runs deep',
        label: `host.runs, keyset page at run ${depth.toLocaleString('en-US')} of ${plan.deepHostRuns.toLocaleString('en-US')}`,
        run: () =>
          caller.host.runs({
            hostId: deepHost,
            limit: HOST_PAGE,
            ...(deepCursor ? { cursor: deepCursor } : {}),
          }),
      },
      { name: 'findings.list', label: 'findings.list, first 100', run: () => caller.findings.list({}) },
      {
        name: 'findings.list critical',
        label: 'findings.list, critical only, first 100',
        run: () => caller.findings.list({ severity: 'critical' }),
      },
    ];

    const rows: TMetricRow[] = [
      row(
        'queries',
        `seed ${options.runs.toLocaleString('en-US')} runs + ${(options.runs * 4).toLocaleString('en-US')} component rows, ${options.hosts.toLocaleString('en-US')} hosts`,
        seedSeconds,
        's',
        {
          note: "server-side INSERT … SELECT, each host's latest result through ingest (verdict included), then VACUUM ANALYZE; queries below go through tRPC's server-side caller as a viewer, one at a time",
        },
      ),
    ];
    const timings: Record<string, TLatencySummary> = {};
    for (const query of queries) {
      log(`queries: timing ${query.name}`);
      const { samples } = await timeQuery(query.run);
      const summary = summarizeLatencies(samples);
      timings[query.name] = summary;
      rows.push(row('queries', `${query.label} p50`, summary.p50, 'ms'));
      rows.push(
        row('queries', `${query.label} p95`, summary.p95, 'ms', {
          target: { op: '<', value: P95_TARGET_MS },
          ...(summary.count < 200
            ? { note: `${summary.count} samples (slow query: time budget reached)` }
            : {}),
        }),
      );
    }
    const [runs, components] = await Promise.all([
      dashboard.prisma.checkRun.count(),
      dashboard.prisma.componentResult.count(),
    ]);
    return {
      rows,
      details: {
        plan,
        seededRuns: runs,
        seededComponentRows: components,
        seedSeconds,
        deepPageDepth: depth,
        timingsMs: timings,
      },
    };
  } finally {
    await scope.release();
  }
}
