import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HostObserver, observeHost, type THostChanges } from './host-observer';

const until = async (condition: () => boolean, ms = 3_000) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return condition();
};

describe('observeHost', () => {
  let dir: string;
  let observer: HostObserver | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-observer-'));
  });
  afterEach(async () => {
    observer?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports role, version and [TServer] changes, not the first look nor a change outside [TServer]', async () => {
    const role = path.join(dir, 'role');
    const options = path.join(dir, 'sips.ini');
    await writeFile(role, 'backup\n');
    await writeFile(options, '[TServer]\nbackup-init-check = true\n[log]\nverbose = all\n');
    const changes: THostChanges[] = [];
    observer = observeHost(
      { mode: { file: role }, version: '8.1.103.72', optionsFile: options },
      (_now, _previous, change) => changes.push(change),
      50,
    );
    const before = Date.now();
    const first = await observer.ready;
    expect(first).toEqual({
      mode: 'backup',
      version: '8.1.103.72',
      configuredOptions: { 'backup-init-check': 'true' },
      configuredOptionsReadAt: expect.any(String),
    });
    // Stamped just before the read: never later than the values it came with.
    expect(Date.parse(first.configuredOptionsReadAt!)).toBeGreaterThanOrEqual(before - 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(changes).toEqual([]);

    await writeFile(role, 'primary\n');
    expect(await until(() => changes.length === 1)).toBe(true);
    expect(changes[0]).toEqual({ mode: true, version: false, options: false });
    expect(observer.current.mode).toBe('primary');

    await writeFile(options, '[TServer]\nbackup-init-check = true\n[log]\nverbose = none, longer\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(changes).toHaveLength(1);

    await writeFile(options, '[TServer]\nbackup-init-check = false\n[log]\nverbose = none, longer\n');
    expect(await until(() => changes.length === 2)).toBe(true);
    expect(changes[1]).toEqual({ mode: false, version: false, options: true });
    expect(observer.current.configuredOptions).toEqual({ 'backup-init-check': 'false' });
  });

  it('a quiet refresh after Standby wrote the file takes the new options without reporting them', async () => {
    const options = path.join(dir, 'sips.ini');
    await writeFile(options, '[TServer]\nbackup-init-check-timeout = 15\n');
    const changes: THostChanges[] = [];
    observer = observeHost(
      { mode: 'backup', version: '8.1.103.72', optionsFile: options },
      (_now, _previous, change) => changes.push(change),
      50,
    );
    await observer.ready;
    await writeFile(options, '[TServer]\nbackup-init-check-timeout = 30\n');
    await observer.refresh({ options: 'quiet' });
    expect(observer.current.configuredOptions).toEqual({ 'backup-init-check-timeout': '30' });
    await new Promise((r) => setTimeout(r, 300));
    expect(changes).toEqual([]);
  });
});
