import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors';
import { readTServerOptions } from './read-options-file';
import { updateTServerOptions } from './update-options-file';

describe('updateTServerOptions', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-update-'));
    file = path.join(dir, 'sip.ini');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const lines = (...l: string[]) => l.join('\n');

  it('changes only the given value and keeps comments, blank lines, order, spacing and other sections', async () => {
    const original = lines(
      '# SIP Server options',
      '[log]',
      'verbose = all',
      '',
      '[TServer]',
      '; backup settings',
      'backup-init-check   =   true',
      'backup-init-timeout=30',
      '  sip-port = 5060  ',
      '',
      '[extrouter]',
      'backup-init-timeout = 99',
      '',
    );
    await writeFile(file, original);
    await updateTServerOptions(file, { 'backup-init-timeout': '45' });
    expect(await readFile(file, 'utf8')).toBe(
      original.replace('backup-init-timeout=30', 'backup-init-timeout=45'),
    );

    await updateTServerOptions(file, { 'backup-init-check': 'false', 'sip-port': '5070' });
    expect(await readFile(file, 'utf8')).toBe(
      original
        .replace('backup-init-timeout=30', 'backup-init-timeout=45')
        .replace('backup-init-check   =   true', 'backup-init-check   =   false')
        .replace('  sip-port = 5060  ', '  sip-port = 5070  '),
    );
  });

  it('changes the last occurrence of a duplicated key, the one that wins', async () => {
    await writeFile(file, lines('[TServer]', 'mode = a', 'x = 1', 'mode = b', ''));
    const { before } = await updateTServerOptions(file, { mode: 'c' });
    expect(before).toEqual({ mode: 'b' });
    expect(await readFile(file, 'utf8')).toBe(lines('[TServer]', 'mode = a', 'x = 1', 'mode = c', ''));
    expect((await readTServerOptions(file)).mode).toBe('c');
  });

  it('appends a missing key inside [TServer], after its last entry and before the next section', async () => {
    await writeFile(file, lines('[TServer]', 'a=1', 'b=2', '# trailing comment', '', '[Other]', 'c = 3', ''));
    await updateTServerOptions(file, { 'backup-init-check': 'true' });
    expect(await readFile(file, 'utf8')).toBe(
      lines(
        '[TServer]',
        'a=1',
        'b=2',
        'backup-init-check=true',
        '# trailing comment',
        '',
        '[Other]',
        'c = 3',
        '',
      ),
    );
    expect(await readTServerOptions(file)).toEqual({ a: '1', b: '2', 'backup-init-check': 'true' });
  });

  it('appends a key right after the header of an empty [TServer] section', async () => {
    await writeFile(file, lines('[TServer]', '', '[Other]', 'c = 3'));
    await updateTServerOptions(file, { k: 'v' });
    expect(await readFile(file, 'utf8')).toBe(lines('[TServer]', 'k = v', '', '[Other]', 'c = 3'));
  });

  it('appends a [TServer] section at the end when there is none', async () => {
    await writeFile(file, lines('[Other]', 'c = 3'));
    await updateTServerOptions(file, { 'backup-init-check': 'true', 'backup-init-timeout': '30' });
    expect(await readFile(file, 'utf8')).toBe(
      lines('[Other]', 'c = 3', '', '[TServer]', 'backup-init-check = true', 'backup-init-timeout = 30', ''),
    );
    expect(await readTServerOptions(file)).toEqual({
      'backup-init-check': 'true',
      'backup-init-timeout': '30',
    });
  });

  it('keeps CRLF line endings, including on appended lines', async () => {
    await writeFile(file, '[TServer]\r\n# c\r\na = 1\r\n\r\n[Other]\r\nb = 2\r\n');
    await updateTServerOptions(file, { a: '2', z: '9' });
    expect(await readFile(file, 'utf8')).toBe(
      '[TServer]\r\n# c\r\na = 2\r\nz = 9\r\n\r\n[Other]\r\nb = 2\r\n',
    );
  });

  it('adds a terminator to an unterminated last entry without adding a trailing newline', async () => {
    await writeFile(file, '[TServer]\na = 1');
    await updateTServerOptions(file, { b: '2' });
    expect(await readFile(file, 'utf8')).toBe('[TServer]\na = 1\nb = 2');
  });

  it('returns the values before (undefined when absent) and after', async () => {
    await writeFile(file, lines('[TServer]', 'a = 1', ''));
    const result = await updateTServerOptions(file, { a: '2', constructor: 'x' });
    expect(result).toEqual({
      before: { a: '1', constructor: undefined },
      after: { a: '2', constructor: 'x' },
    });
  });

  it('refuses a value or key with a newline, naming the key, and leaves the file untouched', async () => {
    const original = lines('[TServer]', 'a = 1', '');
    await writeFile(file, original);
    await expect(updateTServerOptions(file, { a: '1\nb = 2' })).rejects.toThrow(ConfigError);
    await expect(updateTServerOptions(file, { a: '1\r\nb = 2' })).rejects.toThrow(/"a"/);
    await expect(updateTServerOptions(file, { 'x\ny': '1' })).rejects.toThrow(ConfigError);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('refuses a key that would not read back as that key', async () => {
    await writeFile(file, lines('[TServer]', 'a = 1', ''));
    await expect(updateTServerOptions(file, { 'a=b': '1' })).rejects.toThrow(ConfigError);
    await expect(updateTServerOptions(file, { '#a': '1' })).rejects.toThrow(ConfigError);
  });

  it('reports a missing file as a ConfigError naming it', async () => {
    const missing = path.join(dir, 'nope.ini');
    const error = await updateTServerOptions(missing, { a: '1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(missing);
  });

  it('keeps the permission bits and leaves no temp file behind', async () => {
    await writeFile(file, lines('[TServer]', 'a = 1', ''));
    await chmod(file, 0o640);
    await updateTServerOptions(file, { a: '2' });
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['sip.ini']);
  });
  it('writes exactly the normalized value: Unicode spaces around the old value are not kept', async () => {
    await writeFile(
      file,
      lines('[TServer]', 'backup-init-check =\u00a0false\u2003', 'sip-port = 5060  ', ''),
    );
    await updateTServerOptions(file, { 'backup-init-check': 'true', 'sip-port': '5070' });
    expect(await readFile(file, 'utf8')).toBe(
      lines('[TServer]', 'backup-init-check = true', 'sip-port = 5070  ', ''),
    );
    expect(await readTServerOptions(file)).toMatchObject({ 'backup-init-check': 'true', 'sip-port': '5070' });
  });

  it('refuses a value that is not normalized rather than writing its padding', async () => {
    await writeFile(file, lines('[TServer]', 'backup-init-check = false', ''));
    await expect(updateTServerOptions(file, { 'backup-init-check': '\u00a0true' })).rejects.toThrow(
      /not trimmed/,
    );
    expect(await readFile(file, 'utf8')).toBe(lines('[TServer]', 'backup-init-check = false', ''));
  });
});
