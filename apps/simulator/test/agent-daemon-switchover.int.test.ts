import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../src/free-port';
import { SimulatedSipHost, type TSimulatedRoleSource } from '../src/simulated-host';
import { editAgentConfig, FAST_COMPONENTS, fetchStatus, poll, startDaemon } from './daemon-harness';

/** Switchover within this: the role is re-read every 2 s. */
const FOLLOWS_WITHIN_MS = 3_500;

describe('agent run: the role is observed, and a switchover is followed', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-switchover-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  for (const roleSource of ['file', 'log', 'http'] as TSimulatedRoleSource[]) {
    it(`${roleSource} role source: backup → primary → backup, local status follows, the new backup is checked`, async () => {
      const host = await SimulatedSipHost.create(dir, {
        hostname: `switch-${roleSource}.test`,
        application: `SWITCH_${roleSource.toUpperCase()}`,
        mode: 'backup',
        roleSource,
        version: '8.1.103.72',
        options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
        componentDelaysMs: FAST_COMPONENTS,
      });
      const port = await findFreePort();
      await editAgentConfig(host, (config) => {
        config.agent = { intervalSec: 0, status: { httpPort: port, file: 'status.json' } };
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
        expect(first).toMatchObject({ status: 'RUNNING', mode: 'backup', version: '8.1.103.72' });

        const toPrimaryAt = Date.now();
        await host.switchover('primary');
        const asPrimary = await poll(
          async () => {
            const { body } = await fetchStatus(port);
            return body.mode === 'primary' ? body : undefined;
          },
          FOLLOWS_WITHIN_MS,
          'mode primary',
        );
        expect(Date.now() - toPrimaryAt).toBeLessThan(FOLLOWS_WITHIN_MS);
        expect(asPrimary.status).toBe('RUNNING');
        const file = JSON.parse(await readFile(path.join(host.dir, 'status.json'), 'utf8'));
        expect(file.mode).toBe('primary');

        const toBackupAt = Date.now();
        await host.switchover('backup');
        const checked = await poll(
          async () => {
            const { code, body } = await fetchStatus(port);
            const ran = daemon.lines.some((line) => /\(role-change\): RUNNING/.test(line));
            return code === 200 && body.mode === 'backup' && ran ? body : undefined;
          },
          FOLLOWS_WITHIN_MS + 2_000,
          'mode backup, checked',
        );
        expect(Date.now() - toBackupAt).toBeLessThan(FOLLOWS_WITHIN_MS + 2_000);
        // The verdict stands on a check made as backup, after the switchover.
        expect(checked.runId).not.toBe(first.runId);
        expect(daemon.lines.join('\n')).toMatch(/role: primary → backup/);
      } finally {
        await daemon.stop();
        await host.dispose();
      }
    });
  }
});
