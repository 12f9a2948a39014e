import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { makeStandbyTempDir } from '@standby/db/embedded';
import { findFreePort } from '@standby/db/free-port';
import { afterAll, describe, expect, it } from 'vitest';

// Real processes only: the dashboard's own entry point (main.ts, API only) on its own embedded
// PostgreSQL, killed with SIGKILL — alone, or through the parent that started it as `pnpm demo` does.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAIN = path.join(ROOT, 'apps/dashboard/src/server/main.ts');

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const child of started) if (child.pid && isAlive(child.pid)) child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

async function dashboardEnv() {
  const dir = await makeStandbyTempDir('standby-hygiene-');
  dirs.push(dir);
  const port = await findFreePort();
  return {
    dir,
    port,
    env: {
      ...process.env,
      NODE_ENV: 'production' as const,
      PORT: String(port),
      HOST: '127.0.0.1',
      STANDBY_API_ONLY: '1',
      STANDBY_DATA_DIR: dir,
    },
  };
}

const healthy = async (port: number) =>
  fetch(`http://127.0.0.1:${port}/api/health`).then(
    (response) => response.ok,
    () => false,
  );

/** The postmaster's pid, from the pid file of the cluster the dashboard's log names. */
async function postmasterPid(output: () => string): Promise<number> {
  // The log is JSON lines: the path ends at the closing quote.
  const dataDir = /data in ([^\s"]+)/.exec(output())?.[1];
  if (!dataDir) throw new Error(`no data dir in the dashboard's log:\n${output()}`);
  return Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

describe('process hygiene', () => {
  it('a dashboard killed alone (SIGKILL) leaves no PostgreSQL running', async () => {
    const { port, env } = await dashboardEnv();
    const dashboard = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(dashboard);
    const output = collect(dashboard);
    await waitUntil(() => healthy(port), 90_000);
    const postgres = await postmasterPid(output);
    expect(isAlive(postgres)).toBe(true);

    dashboard.kill('SIGKILL');
    const ms = await waitUntil(() => !isAlive(postgres), 10_000);
    expect(ms).toBeLessThan(10_000);
  }, 120_000);

  it('children started as `pnpm demo` starts them stop when their parent is SIGKILLed', async () => {
    const { port, env } = await dashboardEnv();
    // The parent: spawns the dashboard exactly as scripts/demo.mjs does (node + tsx loader, its own
    // process group, an IPC channel), then is killed without a chance to stop it.
    const parentSource = `
      import { spawn } from 'node:child_process';
      const child = spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(MAIN)}], {
        cwd: ${JSON.stringify(ROOT)}, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true,
      });
      console.log('child pid ' + child.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', parentSource], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(parent);
    const output = collect(parent);
    await waitUntil(() => healthy(port), 90_000);
    const childPid = Number(/child pid (\d+)/.exec(output())?.[1]);
    const postgres = await postmasterPid(output);
    expect(isAlive(childPid)).toBe(true);

    parent.kill('SIGKILL');
    const ms = await waitUntil(() => !isAlive(childPid), 15_000);
    expect(ms).toBeLessThan(15_000);
    // It stopped gracefully (said so), and its PostgreSQL with it.
    expect(output()).toContain('its parent process is gone: shutting down');
    await waitUntil(() => !isAlive(postgres), 10_000);
    expect(await healthy(port)).toBe(false);
  }, 120_000);
});
