import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the content of an existing file and leaves no temp file behind', async () => {
    const file = path.join(dir, 'options.ini');
    await writeFile(file, 'old content that is longer than the new one\n');
    await writeFileAtomic(file, 'new\n');
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect(await readdir(dir)).toEqual(['options.ini']);
  });

  it('creates a missing file', async () => {
    const file = path.join(dir, 'status.json');
    await writeFileAtomic(file, '{}');
    expect(await readFile(file, 'utf8')).toBe('{}');
    expect(await readdir(dir)).toEqual(['status.json']);
  });

  it("keeps the target's permission bits when no mode is given", async () => {
    const file = path.join(dir, 'options.ini');
    await writeFile(file, 'a');
    await chmod(file, 0o600);
    await writeFileAtomic(file, 'b');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('applies an explicit mode exactly, regardless of the umask', async () => {
    const file = path.join(dir, 'options.ini');
    await writeFile(file, 'a');
    await chmod(file, 0o600);
    await writeFileAtomic(file, 'b', { mode: 0o664 });
    expect((await stat(file)).mode & 0o777).toBe(0o664);
  });

  it('writes through a symlink instead of replacing the link', async () => {
    const real = path.join(dir, 'real.ini');
    const link = path.join(dir, 'link.ini');
    await writeFile(real, 'old');
    await symlink(real, link);
    await writeFileAtomic(link, 'new');
    expect(await readFile(real, 'utf8')).toBe('new');
    expect((await readdir(dir)).sort()).toEqual(['link.ini', 'real.ini']);
  });

  it('rethrows when the directory does not exist and leaves nothing behind', async () => {
    const missing = path.join(dir, 'missing');
    await expect(writeFileAtomic(path.join(missing, 'file'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes the temp file and keeps the old content when the rename fails', async () => {
    // A directory at the target path makes rename(2) fail after the temp file is fully written.
    const target = path.join(dir, 'target');
    await writeFile(path.join(dir, 'keep'), 'x');
    await mkdir(target);
    await writeFile(path.join(target, 'inside'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep', 'target']);
    expect(await readFile(path.join(target, 'inside'), 'utf8')).toBe('old');
  });
});
