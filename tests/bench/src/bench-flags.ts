import path from 'node:path';
import { parseArgs } from 'node:util';

export const PHASES = [
  'ingest',
  'fanout',
  'queries',
  'rollout',
  'footprint',
  'alerts',
  'dry-run',
  'staged-rollout',
] as const;
export type TPhase = (typeof PHASES)[number];

export interface TBenchOptions {
  agents: number;
  durationSec: number;
  warmupSec: number;
  loadWorkers: number;
  /** Offered load in results/s over all agents; undefined = closed loop (as fast as acks come back). */
  rate: number | undefined;
  runs: number;
  hosts: number;
  rolloutAgents: number;
  /** Backup hosts that fail and recover in the alerts phase. */
  alertHosts: number;
  phases: Set<TPhase>;
  outDir: string;
  /** Write a V8 CPU profile of each dashboard process here (to see where its time goes). */
  profileDir: string | undefined;
}

export class BenchFlagError extends Error {}

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
// Through `pnpm bench`, the cwd is the package; INIT_CWD is where the user typed the command.
const userCwd = process.env.INIT_CWD ?? process.cwd();

export const USAGE = `Usage: pnpm bench [flags]

  --agents N          simulated agents for ingest and fan-out (default 2000)
  --duration S        measured seconds of ingest (default 20)
  --warmup S          seconds of load before measuring (default 5)
  --load-workers N    processes the agents are spread over (default 2)
  --rate R            offer R results/s in total instead of a closed loop (default: closed loop)
  --runs N            check runs seeded for the queries (default 1000000)
  --hosts N           hosts those runs belong to (default 10000)
  --rollout-agents N  agents that receive the option change (default 1000)
  --alert-hosts N     backup hosts that fail and recover in the alerts phase (default 100)
  --only LIST         comma-separated phases: ${PHASES.join(',')} (default: all; fanout runs with ingest)
  --out DIR           where the JSON report goes (default bench-results/ at the repository root)
  --profile DIR       write a CPU profile (.cpuprofile) of each dashboard process to DIR`;

const INTEGER_FLAGS = {
  agents: { default: 2_000, min: 1, max: 20_000 },
  duration: { default: 20, min: 1, max: 600 },
  warmup: { default: 5, min: 0, max: 120 },
  'load-workers': { default: 2, min: 1, max: 16 },
  rate: { default: undefined, min: 1, max: 1_000_000 },
  runs: { default: 1_000_000, min: 1, max: 50_000_000 },
  hosts: { default: 10_000, min: 2, max: 1_000_000 },
  // A command targets at most 10,000 hosts (ZCommandTargetSchema).
  'rollout-agents': { default: 1_000, min: 1, max: 10_000 },
  'alert-hosts': { default: 100, min: 1, max: 5_000 },
} as const;
type TIntegerFlag = keyof typeof INTEGER_FLAGS;

function integerFlag(name: TIntegerFlag, raw: string | undefined): number | undefined {
  const spec = INTEGER_FLAGS[name];
  if (raw === undefined) return spec.default;
  const value = Number(raw.replaceAll('_', ''));
  if (!/^\d[\d_]*$/.test(raw) || !Number.isSafeInteger(value) || value < spec.min || value > spec.max) {
    throw new BenchFlagError(`--${name}: expected an integer from ${spec.min} to ${spec.max}, got "${raw}"`);
  }
  return value;
}

/** Parses and validates the command line; a BenchFlagError names the flag that is wrong. */
export function parseBenchFlags(argv: readonly string[]): TBenchOptions | 'help' {
  // `pnpm bench -- --agents 200` may pass the separator through.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(INTEGER_FLAGS).map((name) => [name, { type: 'string' as const }])),
        only: { type: 'string' },
        out: { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new BenchFlagError((error as Error).message);
  }
  if (values.help) return 'help';
  const text = (name: string) => values[name] as string | undefined;
  const integer = (name: TIntegerFlag) => integerFlag(name, text(name));

  const phases = new Set<TPhase>();
  for (const item of (text('only') ?? PHASES.join(',')).split(',').map((s) => s.trim())) {
    if (!(PHASES as readonly string[]).includes(item)) {
      throw new BenchFlagError(`--only: unknown phase "${item}" (phases: ${PHASES.join(', ')})`);
    }
    phases.add(item as TPhase);
  }
  // Fan-out is measured while the ingest load runs.
  if (phases.has('fanout')) phases.add('ingest');

  const runs = integer('runs')!;
  const hosts = integer('hosts')!;
  if (runs < hosts) throw new BenchFlagError(`--runs: must be at least --hosts (${hosts}), got ${runs}`);
  const agents = integer('agents')!;
  const loadWorkers = integer('load-workers')!;
  if (loadWorkers > agents) {
    throw new BenchFlagError(`--load-workers: must not exceed --agents (${agents}), got ${loadWorkers}`);
  }
  return {
    agents,
    durationSec: integer('duration')!,
    warmupSec: integer('warmup')!,
    loadWorkers,
    rate: integer('rate'),
    runs,
    hosts,
    rolloutAgents: integer('rollout-agents')!,
    alertHosts: integer('alert-hosts')!,
    phases,
    outDir: path.resolve(userCwd, text('out') ?? path.join(REPO_ROOT, 'bench-results')),
    profileDir: text('profile') === undefined ? undefined : path.resolve(userCwd, text('profile')!),
  };
}
