import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServerCaptureKeeper } from './capture-keeper';

describe('ServerCaptureKeeper', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-capture-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the options a start captured across an agent restart while the same instance runs', async () => {
    const first = new ServerCaptureKeeper(dir, () => {});
    await first.restore(undefined, { 'backup-init-check-timeout': '15' });
    first.started('tcp:7001#100', { 'backup-init-check-timeout': '15' }, new Date('2026-01-01T00:00:00Z'));
    await first.flush();
    expect(JSON.parse(await readFile(path.join(dir, 'server-instance.json'), 'utf8'))).toMatchObject({
      instance: 'tcp:7001#100',
    });

    // The file changed since (pending a restart); the agent restarts, the server did not.
    const logged: string[] = [];
    const again = new ServerCaptureKeeper(dir, (line) => logged.push(line));
    await again.restore('tcp:7001#100', { 'backup-init-check-timeout': '120' });
    expect(again.current).toEqual({
      instance: 'tcp:7001#100',
      startedAt: '2026-01-01T00:00:00.000Z',
      options: { 'backup-init-check-timeout': '15' },
    });
    expect(logged.join('\n')).toContain('still runs');
  });

  it('takes the options file (best knowledge, said in the log) for an instance whose start it did not see', async () => {
    const first = new ServerCaptureKeeper(dir, () => {});
    first.started('tcp:7001#100', { 'backup-init-check-timeout': '15' }, new Date());
    await first.flush();
    const logged: string[] = [];
    const again = new ServerCaptureKeeper(dir, (line) => logged.push(line));
    await again.restore('tcp:7001#200', { 'backup-init-check-timeout': '120' });
    await again.flush();
    expect(again.current).toEqual({
      instance: 'tcp:7001#200',
      startedAt: null,
      options: { 'backup-init-check-timeout': '120' },
    });
    expect(logged.join('\n')).toContain('already running');
  });
});
