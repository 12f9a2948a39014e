// `pnpm chaos`: the fault-injection suite. Prints the figures of each scenario; exits non-zero when a
// result was lost, stored twice, or not delivered within the bound after the fault ended.
//   pnpm chaos [--agents 8] [--fault-sec 8] [--drain-bound-sec 60] [--only a,b1,b2,c,d,e] [--keep]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ChaosStack } from './chaos-stack';
import { formatTable, runScenario, SCENARIOS, type ScenarioFigures } from './chaos-suite';

// `pnpm chaos -- --agents 8` passes the separator on.
const args = process.argv.slice(2);
const { values } = parseArgs({
  args: args[0] === '--' ? args.slice(1) : args,
  options: {
    agents: { type: 'string', default: '8' },
    'fault-sec': { type: 'string', default: '8' },
    'drain-bound-sec': { type: 'string', default: '60' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const agents = Number(values.agents);
const faultSec = Number(values['fault-sec']);
const drainBoundSec = Number(values['drain-bound-sec']);
if (!Number.isInteger(agents) || agents < 1 || agents > 50) throw new Error('--agents: 1 to 50');
if (!(faultSec > 0) || !(drainBoundSec > 0)) throw new Error('--fault-sec and --drain-bound-sec: > 0');
const only = values.only?.split(',').map((id) => id.trim());
const scenarios = only ? SCENARIOS.filter((scenario) => only.includes(scenario.id)) : SCENARIOS;
if (!scenarios.length) throw new Error(`--only: none of ${SCENARIOS.map((s) => s.id).join(', ')}`);

const t0 = Date.now();
const log = (line: string) => console.log(`[chaos +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
const dir = await mkdtemp(path.join(os.tmpdir(), 'standby-chaos-'));
log(`${scenarios.length} scenarios, ${agents} agents each, faults of ${faultSec} s; files in ${dir}`);
const stack = await ChaosStack.start(dir, log);
const results: ScenarioFigures[] = [];
let interrupted = false;
const stopNow = () => {
  interrupted = true;
  log('interrupted: finishing the current scenario');
};
process.once('SIGINT', stopNow);
try {
  for (const scenario of scenarios) {
    if (interrupted) break;
    results.push(await runScenario(stack, scenario, { agents, faultSec, drainBoundSec, log }));
  }
} finally {
  await stack.close();
}

console.log(`\n${formatTable(results)}\n`);
for (const row of results)
  for (const line of [...row.notes, ...row.failures.map((failure) => `FAIL ${failure}`)])
    console.log(`  (${row.id}) ${line}`);
const failed = results.filter((row) => row.failures.length);
console.log(
  `\n${failed.length ? `FAILED: ${failed.map((row) => row.id).join(', ')}` : 'no result lost, none stored twice'} — ${(
    (Date.now() - t0) / 1000
  ).toFixed(0)} s`,
);
if (values.keep || failed.length) console.log(`logs kept in ${dir}/logs`);
else await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
process.exit(failed.length || interrupted ? 1 : 0);
