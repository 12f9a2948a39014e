import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TCheckResult } from '@standby/protocol';
import { parse, stringify } from 'yaml';
import type { SimulatedSipHost } from '../src/simulated-host';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningDaemon {
  /** Everything the daemon printed so far, line by line. */
  readonly lines: string[];
  stop(): Promise<void>;
}

/** The real agent daemon (`pnpm --silent agent run --config`), in its own process group. */
export function startDaemon(configPath: string): RunningDaemon {
  const child = spawn('pnpm', ['--silent', 'agent', 'run', '--config', configPath], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    lines,
    stop: async () => {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

export async function poll<T>(
  read: () => Promise<T | undefined>,
  ms = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Edits the agent config the simulated host wrote. */
export async function editAgentConfig(
  host: SimulatedSipHost,
  edit: (config: Record<string, Record<string, unknown>>) => void,
): Promise<void> {
  const config = parse(await readFile(host.configPath, 'utf8'));
  edit(config);
  await writeFile(host.configPath, stringify(config));
}

export interface TLocalStatusBody {
  status: string;
  runId?: string;
  mode: string;
  version: string;
}

export async function fetchStatus(port: number): Promise<{ code: number; body: TLocalStatusBody }> {
  const response = await fetch(`http://127.0.0.1:${port}/status`);
  return { code: response.status, body: (await response.json()) as TLocalStatusBody };
}

/** Results the daemon spooled for a dashboard it cannot reach (stateDir/spool), oldest first. */
export async function spooledResults(host: SimulatedSipHost): Promise<TCheckResult[]> {
  const dir = path.join(host.dir, 'standby-state/spool');
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => /^\d+-.*\.json$/.test(n))
    .sort();
  const results: TCheckResult[] = [];
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
    if (text) results.push((JSON.parse(text) as { result: TCheckResult }).result);
  }
  return results;
}

export const FAST_COMPONENTS = {
  't-controller': 200,
  'smart-proxy': 300,
  'interaction-proxy': 400,
  'operational-info': 500,
};
