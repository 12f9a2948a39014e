import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type TAgentConfig, ZAgentConfigSchema } from '@standby/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBackupInitCheck } from './run-check';

describe('runBackupInitCheck', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-run-check-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const configWith = (options: string): Promise<TAgentConfig> => {
    const optionsFile = path.join(dir, 'sips.ini');
    return writeFile(optionsFile, `[TServer]\n${options}\n`).then(() =>
      ZAgentConfigSchema.parse({
        sipServer: {
          application: 'SIPS_B',
          version: '8.1.103.64',
          mode: 'backup',
          optionsFile,
          components: {
            't-controller': { file: path.join(dir, 'a') },
            'smart-proxy': { file: path.join(dir, 'b') },
            'interaction-proxy': { file: path.join(dir, 'c') },
            'operational-info': { file: path.join(dir, 'd') },
          },
        },
      }),
    );
  };

  it('checks with the captured options, and reports both them and the file now', async () => {
    const config = await configWith('backup-init-check = false\nbackup-init-check-timeout = 120');
    const result = await runBackupInitCheck({
      config,
      trigger: 'interval',
      observed: { mode: 'backup', version: '8.1.103.72' },
      effectiveOptions: { 'backup-init-check': 'false', 'backup-init-check-timeout': '60' },
      serverStartedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(result.options['backup-init-check-timeout']).toBe('60');
    expect(result.timeoutSec).toBe(60);
    expect(result.configuredOptions).toEqual({
      'backup-init-check': 'false',
      'backup-init-check-timeout': '120',
    });
    expect(result).toMatchObject({
      version: '8.1.103.72',
      mode: 'backup',
      serverStartedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('a component slower than the timeout: SERVICE_UNAVAILABLE at the deadline, then its late readiness', {
    timeout: 30_000,
  }, async () => {
    const config = await configWith(
      'backup-init-check = true\nbackup-init-check-timeout = 15\nbackup-sip-port-check = false',
    );
    await Promise.all(['a', 'b', 'c'].map((f) => writeFile(path.join(dir, f), '')));
    const late: { runId: string; name: string; readyAfterMs: number }[] = [];
    let lateSeen: () => void = () => {};
    const lateArrived = new Promise<void>((resolve) => {
      lateSeen = resolve;
    });
    setTimeout(() => void writeFile(path.join(dir, 'd'), ''), 17_000);
    const started = Date.now();
    const result = await runBackupInitCheck({
      config,
      trigger: 'start',
      late: (runId) => ({
        onReady: (name, readyAfterMs) => {
          late.push({ runId, name, readyAfterMs });
          lateSeen();
        },
      }),
    });
    // The verdict falls at the deadline, unchanged by what comes later.
    expect(Date.now() - started).toBeLessThan(15_500);
    expect(result.status).toBe('SERVICE_UNAVAILABLE');
    expect(result.components.find((c) => c.name === 'operational-info')).toMatchObject({
      state: 'timeout',
      readyAfterMs: null,
    });
    expect(late).toEqual([]);
    await lateArrived;
    expect(late).toEqual([
      { runId: result.runId, name: 'operational-info', readyAfterMs: expect.any(Number) },
    ]);
    expect(late[0]!.readyAfterMs).toBeGreaterThanOrEqual(17_000);
    expect(late[0]!.readyAfterMs).toBeLessThan(17_500);
  });
});
