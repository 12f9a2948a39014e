import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findFreePort } from '../src/free-port';
import { SimulatedSipHost } from '../src/simulated-host';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function poll<T>(read: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('agent run: local status for the management layer', { timeout: 60_000 }, () => {
  let dir: string;
  let host: SimulatedSipHost;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-daemon-'));
  });
  afterAll(async () => {
    await host?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('serves 200 RUNNING over HTTP, writes the status file and runs the on-change command', async () => {
    host = await SimulatedSipHost.create(dir, {
      hostname: 'daemon.test',
      application: 'DAEMON_B',
      mode: 'backup',
      version: '8.1.103.64',
      options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
      componentDelaysMs: {
        't-controller': 2_500,
        'smart-proxy': 2_600,
        'interaction-proxy': 2_700,
        'operational-info': 2_800,
      },
    });
    const port = await findFreePort();
    const config = parse(await readFile(host.configPath, 'utf8'));
    const changes = path.join(dir, 'changes.log');
    config.agent = {
      status: { httpPort: port, file: 'status.json', onChange: `echo "$STANDBY_STATUS" >> ${changes}` },
    };
    await writeFile(host.configPath, stringify(config));

    const daemon = spawn('pnpm', ['--silent', 'agent', 'run', '--config', host.configPath], {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    });
    try {
      await host.start();
      const body = await poll(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/status`);
        const json = (await response.json()) as { status: string };
        return response.status === 200 ? json : undefined;
      });
      expect(body.status).toBe('RUNNING');
      // The HTTP answer comes from memory; the file is written right after it, atomically.
      const file = await poll(async () => {
        const json = JSON.parse(await readFile(path.join(host.dir, 'status.json'), 'utf8')) as {
          status: string;
        };
        return json.status === 'INITIALIZING' ? undefined : json;
      });
      expect(file.status).toBe('RUNNING');
      const lines = await poll(async () => {
        const text = await readFile(changes, 'utf8');
        return text.includes('RUNNING') ? text.trim().split('\n') : undefined;
      });
      // The reporter starts out INITIALIZING, so the first change is to RUNNING, and it runs once.
      expect(lines).toEqual(['RUNNING']);
    } finally {
      process.kill(-daemon.pid!, 'SIGTERM');
    }
  });
});
