import { setTimeout as sleep } from 'node:timers/promises';
import type { TLoadWindow } from '@standby/simulator/load';
import { buildLoadHello } from '@standby/simulator/load';
import { startBenchDashboard } from './bench-dashboard';
import { BrowserObserver } from './browser-observer';
import { measureRawCopy } from './copy-baseline';
import { describeCpu, startCpuSample, type TCpuUsage } from './cpu-sampler';
import { measureFanout } from './fanout';
import { summarizeLatencies } from './latency-summary';
import { LoadWorkers } from './load-workers';
import { row } from './metric-row';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { listDescendants } from './proc-stats';
import { ResourceScope } from './resources';

/** Raw COPY is measured over as many runs as the dashboard ingested in the window, within these bounds. */
const COPY_RUNS = { min: 20_000, max: 300_000 };
/** Deltas go out every 100 ms; this leaves time for the last results' delta to arrive. */
const FANOUT_GRACE_MS = 1_500;

/**
 * Ingest and fan-out: N agents on real sockets against a fresh dashboard, each sending its next
 * result when the last is acked (or at --rate), while a signed-in browser socket watches the deltas.
 * Then raw COPY of as many rows into the same tables, for the ratio.
 */
export async function runIngestPhase({ options, dir, log }: TPhaseContext): Promise<TPhaseResult> {
  const scope = new ResourceScope(log);
  try {
    log(`ingest: starting a dashboard on a fresh embedded PostgreSQL`);
    const dashboard = await startBenchDashboard(scope, dir, options);
    const hellos = Array.from({ length: options.agents }, (_, index) => buildLoadHello(index));
    log(`ingest: enrolling ${options.agents} agents`);
    const credentials = await dashboard.enrollAgents(hellos);
    const observer = await BrowserObserver.connect(dashboard.url, await dashboard.signIn('viewer'));
    scope.defer('browser socket', () => observer.close());

    const workers = LoadWorkers.start(scope, options.loadWorkers);
    log(`ingest: connecting ${options.agents} agents over ${options.loadWorkers} load generator process(es)`);
    const connected = await workers.connectIngest(
      dashboard.url,
      hellos.map((hello, index) => ({ hello, credential: credentials[index]! })),
    );

    const measureFromMs = Date.now() + options.warmupSec * 1_000;
    const window: TLoadWindow = {
      measureFromMs,
      measureToMs: measureFromMs + options.durationSec * 1_000,
      ...(options.rate ? { perAgentIntervalMs: (1_000 * options.agents) / options.rate } : {}),
    };
    const groups = {
      dashboard: () => [dashboard.pid],
      postgres: () => listDescendants(dashboard.pid),
      'load generator': () => workers.pids,
      'bench (browser socket)': () => [process.pid],
    };
    let cpu: TCpuUsage | undefined;
    const sampling = (async () => {
      await sleep(Math.max(0, window.measureFromMs - Date.now()));
      const sample = startCpuSample(groups);
      await sleep(Math.max(0, window.measureToMs - Date.now()));
      cpu = sample.stop();
    })();
    log(
      `ingest: ${options.warmupSec} s warm-up, then ${options.durationSec} s measured (${options.rate ? `${options.rate} results/s offered` : 'closed loop'})`,
    );
    const { stats, disconnects } = await workers.runIngest(window);
    await sampling;
    await sleep(FANOUT_GRACE_MS);
    observer.close();

    const acked = stats.reduce((sum, s) => sum + s.ackedInWindow, 0);
    const failures = stats.reduce((sum, s) => sum + s.failures, 0);
    const sent = stats.reduce((sum, s) => sum + s.sent, 0);
    const perSecond = acked / options.durationSec;
    const ack = summarizeLatencies(stats.flatMap((s) => s.ackLatenciesMs));
    const emits = stats.flatMap((s) => s.emits);
    const fanout = measureFanout(emits, observer.sightings);
    const fanoutSummary = summarizeLatencies(fanout.latenciesMs);
    const afterAck = summarizeLatencies(fanout.afterAckMs);
    const [storedRuns, storedComponents] = await Promise.all([
      dashboard.prisma.checkRun.count(),
      dashboard.prisma.componentResult.count(),
    ]);

    // Stop the load (sockets closed) before the baseline, so COPY has the machine to itself.
    await workers.stop();
    const copyRuns = Math.min(COPY_RUNS.max, Math.max(COPY_RUNS.min, acked));
    log(`ingest: raw COPY of ${copyRuns} runs (+${copyRuns * 4} component rows) into the same tables`);
    const hostIds = (await dashboard.prisma.host.findMany({ select: { id: true } })).map((host) => host.id);
    const copy = await measureRawCopy(dashboard.databaseUrl, hostIds, copyRuns);

    const cpuNote = cpu ? describeCpu(cpu) : undefined;
    const mode = options.rate ? `${options.rate}/s offered` : 'closed loop';
    const rows = [
      row(
        'ingest',
        `check results/s acked after commit (${options.agents} agents, ${mode})`,
        perSecond,
        '/s',
        {
          target: { op: '>=', value: 10_000 },
          ...(cpuNote ? { note: cpuNote } : {}),
        },
      ),
      row('ingest', 'component rows/s (4 per result)', perSecond * 4, '/s'),
      row('ingest', 'agent ack latency p50', ack.p50, 'ms'),
      row('ingest', 'agent ack latency p99', ack.p99, 'ms', { target: { op: '<', value: 100 } }),
      row('ingest', 'failed or missing acks', failures, '', {
        note: `${sent} results sent in all, ${storedRuns} runs and ${storedComponents} component rows committed; socket drops: ${disconnects}${stats.some((s) => s.failureSamples.length) ? `; e.g. ${stats.flatMap((s) => s.failureSamples)[0]}` : ''}`,
      }),
      row(
        'ingest',
        `raw COPY check results/s (${copy.runsPerTransaction.toLocaleString('en-US')} runs + components per transaction)`,
        copy.runsPerSecond,
        '/s',
      ),
      row('ingest', 'ingest / raw COPY', perSecond / copy.runsPerSecond, '×'),
      row('fanout', 'agent emit → browser delta p50', fanoutSummary.p50, 'ms'),
      row('fanout', 'agent emit → browser delta p99', fanoutSummary.p99, 'ms', {
        target: { op: '<', value: 200 },
        note: `${fanoutSummary.count} results traced at ${Math.round(perSecond)}/s; ${fanout.unseen} never shown before the browser socket closed; ${observer.deltas} deltas`,
      }),
      row('fanout', 'of which after the ack (commit → delta), p50', afterAck.p50, 'ms'),
      row('fanout', 'of which after the ack (commit → delta), p99', afterAck.p99, 'ms', {
        note: 'negative when the delta beat the ack to its socket',
      }),
    ];
    return {
      rows,
      details: {
        agents: options.agents,
        connected,
        loadWorkers: options.loadWorkers,
        mode,
        window: { warmupSec: options.warmupSec, durationSec: options.durationSec },
        sent,
        ackedInWindow: acked,
        resultsPerSecond: perSecond,
        failures,
        failureSamples: stats.flatMap((s) => s.failureSamples),
        socketDrops: disconnects,
        ackLatencyMs: ack,
        storedRunsAfterLoad: storedRuns,
        storedComponentRowsAfterLoad: storedComponents,
        fanoutMs: fanoutSummary,
        fanoutAfterAckMs: afterAck,
        fanoutUnseen: fanout.unseen,
        deltas: observer.deltas,
        hostsInDeltas: observer.hostsInDeltas,
        rawCopy: copy,
        cpu,
      },
    };
  } finally {
    await scope.release();
  }
}
