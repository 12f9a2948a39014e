// `pnpm demo`: the dashboard on the embedded PostgreSQL, plus a demo fleet of simulated SIP Server
// hosts each checked by a real agent over real sockets. Ctrl-C stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const url = `http://localhost:${port}`;
// The dashboard writes a fresh enrollment token here for the demo fleet's agents.
const tokenFile = path.join(root, '.standby/demo-enrollment-token');
// Kept across runs: the fleet's agents keep their credentials and spools here (see demo-setup.ts).
const fleetDir = path.join(root, '.standby/demo-fleet');
rmSync(tokenFile, { force: true });
const env = {
  ...process.env,
  // The built dashboard, as in production: error answers carry a code and a message, no internals.
  NODE_ENV: 'production',
  // People read the demo's output; a service's logs are JSON lines by default (STANDBY_LOG_FORMAT).
  STANDBY_LOG_FORMAT: process.env.STANDBY_LOG_FORMAT ?? 'pretty',
  STANDBY_DEMO_ENROLLMENT_TOKEN_FILE: tokenFile,
  STANDBY_DEMO_FLEET_DIR: fleetDir,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  PORT: String(port),
  // Demo accounts have printed passwords: keep the demo on this machine unless HOST says otherwise.
  HOST: process.env.HOST ?? '127.0.0.1',
};

console.log('Building the dashboard (cached after the first run)…');
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@standby/dashboard', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
    env,
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const children = [];
function start(name, args) {
  // Node itself runs the TypeScript (tsx as a loader, no wrapper process between). Its own process
  // group: a Ctrl-C reaches this script alone, which stops the children in order. The IPC channel is
  // how a child knows this script is gone — even by SIGKILL — and stops itself (exit-with-parent.ts).
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[demo] ${name} exited (${signal ?? code}); stopping.`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // The fleet first, so agents do not keep reconnecting to a dashboard that is going away.
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(child, 'SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) signalGroup(child, 'SIGKILL');
  }
  process.exit(code);
}
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function health() {
  try {
    const response = await fetch(`${url}/api/health`);
    return response.ok ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

start('dashboard', ['apps/dashboard/src/server/main.ts']);
for (let i = 0; i < 120 && !(existsSync(tokenFile) && (await health())); i++) await sleep(500);
if (!(await health()) || !existsSync(tokenFile)) {
  console.error(`[demo] the dashboard did not become healthy at ${url}/api/health`);
  await stop(1);
}

start('fleet', [
  'apps/simulator/src/cli.ts',
  '--dashboard',
  url,
  '--enrollment-token-file',
  tokenFile,
  '--dir',
  fleetDir,
]);
let connected = 0;
for (let i = 0; i < 60 && connected < 17; i++) {
  await sleep(500);
  connected = (await health())?.agents?.connected ?? 0;
}

console.log(`
  Standby is running: ${url}
  Fleet page:         ${url}/fleet
  Health:             ${url}/api/health  (${connected} agents connected)

  Sign in as admin@demo.standby / demo-admin-pass (also operator@… and viewer@…,
  passwords demo-operator-pass and demo-viewer-pass).
  Press Ctrl-C to stop the dashboard, its embedded PostgreSQL and the demo fleet.
`);
