import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../src/free-port';
import { SimulatedSipHost } from '../src/simulated-host';
import { editAgentConfig, FAST_COMPONENTS, fetchStatus, poll, startDaemon } from './daemon-harness';

describe('agent run: re-checks of a running backup do not flap', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-recheck-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('interval re-checks keep 200 RUNNING on the endpoint and in the file, and the hook fires once', async () => {
    const host = await SimulatedSipHost.create(dir, {
      hostname: 'recheck.test',
      application: 'RECHECK_B',
      mode: 'backup',
      version: '8.1.103.72',
      options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
      componentDelaysMs: FAST_COMPONENTS,
    });
    const port = await findFreePort();
    const changes = path.join(dir, 'changes.log');
    await editAgentConfig(host, (config) => {
      config.agent = {
        intervalSec: 5,
        status: { httpPort: port, file: 'status.json', onChange: `echo "$STANDBY_STATUS" >> '${changes}'` },
      };
    });
    await host.start();
    const daemon = startDaemon(host.configPath);
    try {
      const first = await poll(
        async () => {
          const { code, body } = await fetchStatus(port);
          return code === 200 ? body : undefined;
        },
        20_000,
        'the first verdict',
      );
      // The HTTP answer comes from memory; the file follows it, atomically, a moment later.
      await poll(
        async () => {
          const file = JSON.parse(await readFile(path.join(host.dir, 'status.json'), 'utf8'));
          return file.status === 'RUNNING' ? file : undefined;
        },
        5_000,
        'the first verdict in the file',
      );
      const intervalChecks = () => daemon.lines.filter((line) => /\(interval\): /.test(line)).length;
      const seen: string[] = [];
      const runIds = new Set<string>();
      // Every 100 ms through at least two interval re-checks (every 5 s).
      const until = Date.now() + 15_000;
      while (Date.now() < until && intervalChecks() < 2) {
        const { code, body } = await fetchStatus(port);
        const file = JSON.parse(await readFile(path.join(host.dir, 'status.json'), 'utf8'));
        seen.push(`${code} ${body.status} ${file.status}`);
        if (body.runId) runIds.add(body.runId);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(intervalChecks()).toBeGreaterThanOrEqual(2);
      expect(seen.length).toBeGreaterThan(50);
      expect(new Set(seen)).toEqual(new Set(['200 RUNNING RUNNING']));
      // The re-checks did publish their verdicts (new run ids), without a detour through INITIALIZING.
      expect(runIds.size).toBeGreaterThanOrEqual(2);
      expect(runIds.has(first.runId!)).toBe(true);
      expect((await readFile(changes, 'utf8')).trim().split('\n')).toEqual(['RUNNING']);
    } finally {
      await daemon.stop();
      await host.dispose();
    }
  });
});
