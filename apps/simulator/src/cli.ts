// Runs the demo fleet against a dashboard:
// `tsx apps/simulator/src/cli.ts --dashboard URL --enrollment-token-file FILE --dir DIR`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitWithParent } from '@standby/protocol/exit-with-parent';
import { createLogger, setProcessLogger } from '@standby/telemetry';
import { startSilentAgent } from './demo/silent-agent';
import { buildDemoFleet } from './demo-fleet';
import { writeAgentTargets } from './metrics-targets';
import { runFleet } from './run-fleet';

// Started by `pnpm demo` with an IPC channel: never outlive it, even when it is SIGKILLed. Before the
// fleet is up there is nothing to stop gracefully; after, its agents stop first.
let stopWith: (() => Promise<void>) | undefined;
let parentGone = false;
// The fleet's agents log through this one logger, each line naming its application.
setProcessLogger(createLogger({ name: 'fleet' }));
exitWithParent(() => {
  parentGone = true;
  return stopWith ? stopWith() : process.exit(0);
});

const { values } = parseArgs({
  options: {
    dashboard: { type: 'string', default: 'http://localhost:3000' },
    'enrollment-token-file': { type: 'string' },
    dir: { type: 'string', default: path.resolve(import.meta.dirname, '../../../.standby/demo-fleet') },
    interval: { type: 'string', default: '60' },
    'restart-every': { type: 'string', default: '30' },
    'switchover-every': { type: 'string', default: '120' },
    verbose: { type: 'boolean', default: false },
  },
});
const intervalSec = Number(values.interval);
const restartEverySec = Number(values['restart-every']);
if (!Number.isInteger(intervalSec) || intervalSec < 5)
  throw new Error('--interval must be an integer ≥ 5 (seconds)');
if (!Number.isFinite(restartEverySec) || restartEverySec < 0)
  throw new Error('--restart-every must be ≥ 0 (seconds; 0 = never)');
const switchoverEverySec = Number(values['switchover-every']);
if (!Number.isFinite(switchoverEverySec) || switchoverEverySec < 0)
  throw new Error('--switchover-every must be ≥ 0 (seconds; 0 = never)');

const tokenFile = values['enrollment-token-file'];
if (!tokenFile)
  throw new Error('--enrollment-token-file is required (an admin creates the token on the dashboard)');
const enrollmentToken = (
  await readFile(tokenFile, 'utf8').catch((error: Error) => {
    throw new Error(`--enrollment-token-file ${tokenFile}: ${error.message}`);
  })
).trim();

// Kept across runs: each agent's credential and spool (a restart after a crash must not lose its
// unsent results, nor make the dashboard revoke agents that are still its own).
const fleet = await runFleet({
  specs: buildDemoFleet(),
  dir: values.dir,
  dashboardUrl: values.dashboard,
  enrollmentToken,
  intervalSec,
  keepEnrollments: true,
  metrics: true,
  log: values.verbose ? (line) => console.log(line) : undefined,
});
console.log(
  `[fleet] ${fleet.hosts.length} simulated SIP Server hosts, each with its own agent, reporting to ${values.dashboard}`,
);
// Each agent serves /metrics on its own loopback port; the list is written for a local Prometheus.
const targetsFile = await writeAgentTargets(values.dir, fleet.hosts);
const firstMetrics = fleet.hosts.find((host) => host.metricsPort !== undefined)?.metricsPort;
if (targetsFile && firstMetrics)
  console.log(
    `[fleet] agent metrics on loopback, e.g. http://127.0.0.1:${firstMetrics}/metrics; all targets in ${targetsFile}`,
  );

// Now and then a SIP Server restarts, as in real life: its agent sees the new start (a new
// T-Controller listener) and checks again, with no help from here.
const restarts =
  restartEverySec > 0
    ? setInterval(async () => {
        const index = Math.floor(Math.random() * fleet.hosts.length);
        const host = fleet.hosts[index]!;
        // A failed restart (its port taken meanwhile, say) leaves that host down, not the whole fleet.
        const restarted = await host.restart().then(
          () => true,
          (error: Error) =>
            void console.error(`[fleet] ${host.spec.application} did not restart: ${error.message}`),
        );
        if (restarted && values.verbose) console.log(`[fleet] restarted ${host.spec.application}`);
      }, restartEverySec * 1000)
    : undefined;

// Pair 1 switches over now and then: the agents observe the roles change (role files), the new backup
// is checked at once, and the switchover is recorded on both hosts.
const pairOne = [fleet.hostOf('SIPS_HA_1_A'), fleet.hostOf('SIPS_HA_1_B')];
const switchovers =
  switchoverEverySec > 0
    ? setInterval(async () => {
        for (const host of pairOne) {
          if (!host) continue;
          const next = host.mode === 'backup' ? 'primary' : 'backup';
          await host.switchover(next).catch(() => {});
        }
        if (values.verbose) console.log('[fleet] SIPS_HA_1 switched over');
      }, switchoverEverySec * 1000)
    : undefined;

// A ninth backup whose agent stays connected but falls silent after one report: unknown, "no data since".
const silent = await startSilentAgent({
  dashboardUrl: values.dashboard,
  enrollmentToken,
  hostname: 'sip9b.example.net',
  application: 'SIPS_HA_9_B',
  pair: 'SIPS_HA_9',
  credentialFile: path.join(values.dir, 'SIPS_HA_9_B', 'agent.token'),
}).catch((error: Error) => {
  console.error(`[fleet] the silent demo agent did not start: ${error.message}`);
  return undefined;
});

stopWith = async () => {
  clearInterval(restarts);
  clearInterval(switchovers);
  silent?.stop();
  await fleet.stop();
  process.exit(0);
};
if (parentGone) await stopWith();
process.once('SIGINT', () => void stopWith?.());
process.once('SIGTERM', () => void stopWith?.());
