import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchSipServerStarts } from './start-watcher';

const until = async (condition: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return condition();
};

describe('watchSipServerStarts', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-watch-'));
  });
  afterEach(async () => {
    for (const child of children) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  const startSleeper = () => {
    const child = spawn('sleep', ['60']);
    children.push(child);
    return child;
  };

  it('pid file: reports each new process as a start, not the one already running', async () => {
    const pidFile = path.join(dir, 'sips.pid');
    const first = startSleeper();
    await writeFile(pidFile, `${first.pid}\n`);
    const starts: string[] = [];
    const watcher = watchSipServerStarts({ pidFile }, (i) => starts.push(i), 50);
    await watcher.ready;
    await new Promise((r) => setTimeout(r, 200));
    expect(starts).toEqual([]);

    first.kill('SIGKILL');
    const second = startSleeper();
    await writeFile(pidFile, `${second.pid}\n`);
    expect(await until(() => starts.length === 1)).toBe(true);
    expect(starts[0]).toMatch(new RegExp(`^${second.pid}@\\d+$`));
    watcher.stop();
  });

  it('status URL: each down → up transition is a start', async () => {
    let up = false;
    const server = http.createServer((_req, res) => res.writeHead(up ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/status`;
    const starts: string[] = [];
    const watcher = watchSipServerStarts({ statusUrl: url }, (i) => starts.push(i), 50);
    await watcher.ready;
    up = true;
    expect(await until(() => starts.length === 1)).toBe(true);
    up = false;
    await new Promise((r) => setTimeout(r, 200));
    up = true;
    expect(await until(() => starts.length === 2)).toBe(true);
    watcher.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
