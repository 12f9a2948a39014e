import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStatusReporter, type LocalStatusReporter } from './local-status';

describe('createLocalStatusReporter', () => {
  let dir: string;
  let reporter: LocalStatusReporter | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-status-'));
  });
  afterEach(async () => {
    await reporter?.close();
    reporter = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const observed = { mode: 'backup' as const, version: '8.1.103.72' };
  const running = {
    status: 'RUNNING' as const,
    runId: 'run-1',
    at: '2025-01-01T00:00:00.000Z',
    reasons: [],
    ...observed,
  };
  const unavailable = {
    status: 'SERVICE_UNAVAILABLE' as const,
    runId: 'run-2',
    at: '2025-01-01T00:01:00.000Z',
    reasons: ['smart-proxy not ready'],
    ...observed,
  };

  it('answers 503 before any check, 200 after RUNNING and 503 after SERVICE_UNAVAILABLE', async () => {
    reporter = createLocalStatusReporter({ httpPort: 0, log: () => {} });
    const { port } = await reporter.start();
    expect(port).toBeGreaterThan(0);
    const url = `http://127.0.0.1:${port}/status`;

    const initial = await fetch(url);
    expect(initial.status).toBe(503);
    expect(initial.headers.get('content-type')).toBe('application/json');
    expect(initial.headers.get('cache-control')).toBe('no-store');
    expect(await initial.json()).toMatchObject({ status: 'INITIALIZING', reasons: [] });

    await reporter.update(running);
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(running);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);

    await reporter.update(unavailable);
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual(unavailable);

    await reporter.update({
      status: 'INITIALIZING',
      at: '2025-01-01T00:02:00.000Z',
      reasons: [],
      ...observed,
    });
    expect((await fetch(url)).status).toBe(503);
  });

  it('answers 404 on other paths and 405 on other methods', async () => {
    reporter = createLocalStatusReporter({ httpPort: 0, log: () => {} });
    const { port } = await reporter.start();
    await reporter.update(running);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(404);
    const post = await fetch(`http://127.0.0.1:${port}/status`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('starts no server without httpPort', async () => {
    reporter = createLocalStatusReporter({ log: () => {} });
    expect(await reporter.start()).toEqual({});
  });

  it('writes the status file on start and on every update, with no temp files left', async () => {
    const statusFile = path.join(dir, 'status.json');
    reporter = createLocalStatusReporter({ statusFile, log: () => {} });
    await reporter.start();
    expect(JSON.parse(await readFile(statusFile, 'utf8'))).toMatchObject({ status: 'INITIALIZING' });
    await reporter.update(running);
    expect(JSON.parse(await readFile(statusFile, 'utf8'))).toEqual(running);
    await reporter.update(unavailable);
    expect(JSON.parse(await readFile(statusFile, 'utf8'))).toEqual(unavailable);
    expect(await readdir(dir)).toEqual(['status.json']);
  });

  it('ends the status file on the latest status when updates overlap', async () => {
    const statusFile = path.join(dir, 'status.json');
    reporter = createLocalStatusReporter({ statusFile, log: () => {} });
    await Promise.all([reporter.update(running), reporter.update(unavailable), reporter.update(running)]);
    expect(JSON.parse(await readFile(statusFile, 'utf8'))).toEqual(running);
  });

  it('runs the on-change command once per change, in order, and not on a repeated status', async () => {
    const out = path.join(dir, 'changes.log');
    reporter = createLocalStatusReporter({
      onChangeCommand: `echo "$STANDBY_PREVIOUS_STATUS>$STANDBY_STATUS:$STANDBY_RUN_ID" >> '${out}'`,
      log: () => {},
    });
    await reporter.start();
    await reporter.update(running);
    await reporter.update({ ...running, runId: 'run-1b' });
    await reporter.update(unavailable);
    await reporter.update({ ...unavailable, runId: 'run-2b' });
    await reporter.update({ ...running, runId: 'run-3' });
    await reporter.close();
    expect(await readFile(out, 'utf8')).toBe(
      'INITIALIZING>RUNNING:run-1\nRUNNING>SERVICE_UNAVAILABLE:run-2\nSERVICE_UNAVAILABLE>RUNNING:run-3\n',
    );
  });

  it('logs a failing on-change command instead of throwing, and keeps running later ones', async () => {
    const out = path.join(dir, 'changes.log');
    const logged: string[] = [];
    reporter = createLocalStatusReporter({
      onChangeCommand: `echo "$STANDBY_STATUS" >> '${out}'; [ "$STANDBY_STATUS" = RUNNING ] || { echo boom >&2; exit 3; }`,
      log: (line) => logged.push(line),
    });
    await reporter.update(unavailable);
    await reporter.update(running);
    await reporter.close();
    expect(await readFile(out, 'utf8')).toBe('SERVICE_UNAVAILABLE\nRUNNING\n');
    expect(logged).toEqual(['on-change command exited with 3: boom']);
  });

  it('publishes a new observed role without running the hook: only a new status value runs it', async () => {
    const out = path.join(dir, 'changes.log');
    const statusFile = path.join(dir, 'status.json');
    reporter = createLocalStatusReporter({
      statusFile,
      onChangeCommand: `echo "$STANDBY_STATUS" >> '${out}'`,
      log: () => {},
    });
    await reporter.start();
    await reporter.update(running);
    await reporter.update({ ...reporter.current, mode: 'primary' });
    expect(JSON.parse(await readFile(statusFile, 'utf8'))).toEqual({ ...running, mode: 'primary' });
    await reporter.close();
    expect(await readFile(out, 'utf8')).toBe('RUNNING\n');
  });
});
