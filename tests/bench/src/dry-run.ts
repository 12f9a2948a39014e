import { appRouter, type CommandBus, createCallerFactory } from '@standby/api';
import { bulkHostId } from '@standby/db/testing';
import { startBenchDashboard } from './bench-dashboard';
import { summarizeLatencies } from './latency-summary';
import { row } from './metric-row';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { timeQuery } from './query-timer';
import { ResourceScope } from './resources';
import { planSeed, seedHistory } from './seed-history';

// No agent is connected: queued changes stay pending, which is what the dry run must account for.
const IDLE_COMMAND_BUS: CommandBus = {
  waitForCommand: async () => {},
  notifyHosts: async () => {},
  notifyRevoked: async () => {},
  onRevoked: () => () => {},
  publishHostChanges: async () => {},
  onHostChanges: () => () => {},
};

const PAGE = 50;
/** One host in this many has a change still queued (its agent has not taken it yet). */
const QUEUED_EVERY = 10;
const VALUES = { 'backup-init-check-timeout': '90', 'backup-sip-port-check': 'false' };

/**
 * Server-side dry run at scale: the bench fleet (--hosts hosts, seeded as the queries phase seeds it, two
 * runs each), a change queued to one host in ten, then commands.dryRun of a two-option change over the
 * whole fleet (the fleet page's filter, empty): the first page, which plans every host for the totals,
 * and a next page by its cursor. Through tRPC's server-side caller as an operator (no HTTP).
 */
export async function runDryRunPhase({ options, dir, log }: TPhaseContext): Promise<TPhaseResult> {
  const scope = new ResourceScope(log);
  try {
    log('dry-run: starting a dashboard on a fresh embedded PostgreSQL');
    const dashboard = await startBenchDashboard(scope, dir, options);
    await seedHistory(dashboard.databaseUrl, planSeed(options.hosts * 2, options.hosts), log);
    const caller = createCallerFactory(appRouter)({
      prisma: dashboard.prisma,
      user: { id: 'bench', email: 'operator@bench.standby', name: 'bench operator', role: 'operator' },
      agent: null,
      ip: null,
      commandBus: IDLE_COMMAND_BUS,
    });
    const queuedHosts = Array.from({ length: Math.ceil(options.hosts / QUEUED_EVERY) }, (_, i) =>
      bulkHostId(i * QUEUED_EVERY),
    );
    log(`dry-run: queueing a change to ${queuedHosts.length} hosts`);
    // Written as the change would write them (the bulk fleet's ids are not RFC 4122 UUIDs, which the API refuses).
    await dashboard.prisma.agentCommand.createMany({
      data: queuedHosts.map((hostId) => ({
        hostId,
        kind: 'set-options',
        payload: { values: { 'backup-init-check-timeout': '90' }, reason: 'bench: queued', actor: 'bench' },
      })),
    });

    const request = {
      target: { kind: 'filter' as const, filter: {} },
      values: VALUES,
      confirmRestricted: true,
      reason: 'bench dry run',
      limit: PAGE,
    };
    const first = await caller.commands.dryRun(request);
    const totals = first.totals;
    if (!totals || totals.hosts !== options.hosts) {
      throw new Error(`dry run planned ${totals?.hosts} hosts, not ${options.hosts}`);
    }
    const cursor = first.nextCursor;
    if (!cursor) throw new Error('dry run returned no next page');

    log('dry-run: timing the full dry run (first page with totals)');
    const full = summarizeLatencies((await timeQuery(() => caller.commands.dryRun(request))).samples);
    log('dry-run: timing one next page');
    const page = summarizeLatencies(
      (await timeQuery(() => caller.commands.dryRun({ ...request, cursor }))).samples,
    );
    const hosts = options.hosts.toLocaleString('en-US');
    return {
      rows: [
        row(
          'dry-run',
          `dry run over ${hosts} hosts, first page + totals (every host planned) p50`,
          full.p50,
          'ms',
          {
            note: `${totals.changing} changing, ${totals.unchanged} unchanged, ${totals.withNewFindings} with new findings; ${queuedHosts.length} with a queued change`,
          },
        ),
        row('dry-run', `dry run over ${hosts} hosts, first page + totals p95`, full.p95, 'ms'),
        row('dry-run', `dry run, one next page of ${PAGE} hosts (keyset) p50`, page.p50, 'ms'),
        row('dry-run', `dry run, one next page of ${PAGE} hosts p95`, page.p95, 'ms'),
      ],
      details: { hosts: options.hosts, queuedHosts: queuedHosts.length, totals, full, page },
    };
  } finally {
    await scope.release();
  }
}
