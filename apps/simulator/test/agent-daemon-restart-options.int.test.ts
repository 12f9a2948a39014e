import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TCheckResult } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../src/free-port';
import { SimulatedSipHost } from '../src/simulated-host';
import { editAgentConfig, FAST_COMPONENTS, poll, spooledResults, startDaemon } from './daemon-harness';

describe('agent run: effective options are those the server started with', { timeout: 90_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-effective-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('a changed file is only configured until a restart the agent detects by itself (no watch), also across an agent restart', async () => {
    const host = await SimulatedSipHost.create(dir, {
      hostname: 'effective.test',
      application: 'EFFECTIVE_B',
      mode: 'backup',
      version: '8.1.103.72',
      options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
      componentDelaysMs: FAST_COMPONENTS,
    });
    // A dashboard nobody answers: results stay in the on-disk spool, where the test reads them.
    const deadDashboard = `http://127.0.0.1:${await findFreePort()}`;
    await writeFile(path.join(host.dir, 'agent.token'), 'sa_enroll_nobody\n', { mode: 0o600 });
    await editAgentConfig(host, (config) => {
      config.dashboard = { url: deadDashboard, tokenFile: 'agent.token', stateDir: 'standby-state' };
      config.agent = { intervalSec: 0 };
    });
    const resultWith = (predicate: (r: TCheckResult) => boolean, what: string) =>
      poll(async () => (await spooledResults(host)).find(predicate), 20_000, what);

    await host.start();
    let daemon = startDaemon(host.configPath);
    try {
      const atAgentStart = await resultWith((r) => r.trigger === 'agent-start', 'the agent-start result');
      expect(atAgentStart.options['backup-init-check-timeout']).toBe('15');

      // A change written to the file (by Standby or by hand): pending until the server restarts.
      const ini = await readFile(host.optionsPath, 'utf8');
      await writeFile(
        host.optionsPath,
        ini.replace('backup-init-check-timeout = 15', 'backup-init-check-timeout = 20'),
      );

      // The agent restarts; the server does not: the captured start options still stand.
      await daemon.stop();
      daemon = startDaemon(host.configPath);
      const afterAgentRestart = await resultWith(
        (r) => r.trigger === 'agent-start' && r.runId !== atAgentStart.runId,
        'the second agent-start result',
      );
      expect(afterAgentRestart.options['backup-init-check-timeout']).toBe('15');
      expect(afterAgentRestart.timeoutSec).toBe(15);
      expect(afterAgentRestart.configuredOptions['backup-init-check-timeout']).toBe('20');
      expect(afterAgentRestart.status).toBe('RUNNING');

      // The server restarts (a new T-Controller listener): the agent sees it and checks with the new values.
      const restartedAt = Date.now();
      await host.restart();
      const atStart = await resultWith((r) => r.trigger === 'start', 'the start result');
      expect(atStart.options['backup-init-check-timeout']).toBe('20');
      expect(atStart.configuredOptions['backup-init-check-timeout']).toBe('20');
      expect(atStart.status).toBe('RUNNING');
      expect(atStart.serverStartedAt).not.toBeNull();
      expect(Date.parse(atStart.serverStartedAt!)).toBeGreaterThanOrEqual(restartedAt);
      // Exactly one start check for one restart.
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await spooledResults(host)).filter((r) => r.trigger === 'start')).toHaveLength(1);
    } finally {
      await daemon.stop();
      await host.dispose();
    }
  });
});
