import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createModeReader } from './mode-reader';
import { createVersionReader } from './version-reader';

describe('role and version readers, against real files, a log, a command and an HTTP page', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-observe-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a literal is the answer as is', async () => {
    expect(await createModeReader('primary')()).toBe('primary');
    expect(await createVersionReader('8.1.103.64')()).toBe('8.1.103.64');
  });

  it('mode file: trimmed, case-insensitive; unknown when missing or saying something else', async () => {
    const file = path.join(dir, 'role');
    const read = createModeReader({ file });
    expect(await read()).toBe('unknown');
    await writeFile(file, '  BACKUP\n');
    expect(await read()).toBe('backup');
    await writeFile(file, 'Primary');
    expect(await read()).toBe('primary');
    await writeFile(file, 'standby');
    expect(await read()).toBe('unknown');
  });

  it('mode log: the last matching line wins, and stays the answer while no new one comes', async () => {
    const log = path.join(dir, 'sips.log');
    await writeFile(log, 'boot\nswitched to Backup\nnoise\n');
    const read = createModeReader({ log, backup: 'to Backup', primary: 'to Primary' });
    expect(await read()).toBe('backup');
    await appendFile(log, 'switched to Primary\nmore noise\n');
    expect(await read()).toBe('primary');
    await appendFile(log, 'nothing about roles\n');
    expect(await read()).toBe('primary');
    await appendFile(log, 'switched to Backup\nswitched to Primary\nswitched to Backup\n');
    expect(await read()).toBe('backup');
  });

  it('mode command: the backup expression is tried first, then primary; a failing command is unknown', async () => {
    expect(
      await createModeReader({ command: 'echo role=backup', backup: 'backup', primary: 'primary' })(),
    ).toBe('backup');
    expect(
      await createModeReader({ command: 'echo role=primary', backup: '=backup', primary: '=primary' })(),
    ).toBe('primary');
    expect(await createModeReader({ command: 'exit 1', backup: 'b', primary: 'p' })()).toBe('unknown');
  });

  it('mode http: reads the body; unreachable is unknown', async () => {
    let role = 'backup';
    const server = http.createServer((_req, res) => res.end(`{"role":"${role}"}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const read = createModeReader({
      http: `http://127.0.0.1:${port}/`,
      backup: '"backup"',
      primary: '"primary"',
    });
    expect(await read()).toBe('backup');
    role = 'primary';
    expect(await read()).toBe('primary');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await read()).toBe('unknown');
  });

  it('version: a file trimmed or its capture group, a log’s last match, a command’s output; "" when unreadable', async () => {
    const file = path.join(dir, 'version');
    expect(await createVersionReader({ file })()).toBe('');
    await writeFile(file, '8.1.103.72\n');
    expect(await createVersionReader({ file })()).toBe('8.1.103.72');
    await writeFile(file, 'SIP Server release 8.1.103.80 (build 12)\n');
    expect(await createVersionReader({ file, match: 'release (\\S+)' })()).toBe('8.1.103.80');

    const log = path.join(dir, 'sips.log');
    await writeFile(log, 'Version: 8.1.103.64\nnoise\n');
    const fromLog = createVersionReader({ log, match: 'Version: (\\S+)' });
    expect(await fromLog()).toBe('8.1.103.64');
    await appendFile(log, 'Version: 8.1.103.90\n');
    expect(await fromLog()).toBe('8.1.103.90');

    expect(await createVersionReader({ command: 'echo v=8.1.103.70', match: 'v=(\\S+)' })()).toBe(
      '8.1.103.70',
    );
    expect(await createVersionReader({ command: 'echo nothing', match: 'v=(\\S+)' })()).toBe('');
  });
});
