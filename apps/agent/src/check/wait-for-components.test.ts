import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lateWatchLimitMs, waitForComponents } from './wait-for-components';

describe('waitForComponents', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-wait-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const specs = () => ({
    't-controller': { file: path.join(dir, 'a') },
    'smart-proxy': { file: path.join(dir, 'b') },
    'interaction-proxy': { file: path.join(dir, 'c') },
    'operational-info': { file: path.join(dir, 'd') },
  });

  it('sees each component ready within 250 ms of it becoming ready, and ends as soon as all are', async () => {
    const start = Date.now();
    const becomesReadyAt = { a: 200, b: 400, c: 600, d: 800 };
    for (const [file, at] of Object.entries(becomesReadyAt))
      setTimeout(() => void writeFile(path.join(dir, file), ''), at);
    const results = await waitForComponents(specs(), 15_000, start);
    const elapsed = Date.now() - start;
    const expected = Object.values(becomesReadyAt);
    results.forEach((result, index) => {
      expect(result.state).toBe('ready');
      expect(result.readyAfterMs).toBeGreaterThanOrEqual(expected[index]!);
      expect(result.readyAfterMs).toBeLessThanOrEqual(expected[index]! + 250);
    });
    expect(elapsed).toBeLessThan(800 + 250 + 100);
  });

  it('reports a component not ready by the deadline as timeout, with its last reading, at the deadline', async () => {
    const start = Date.now();
    await Promise.all(['a', 'b', 'c'].map((f) => writeFile(path.join(dir, f), '')));
    const results = await waitForComponents(specs(), 500, start);
    expect(Date.now() - start).toBeLessThan(500 + 250);
    expect(results.map((r) => r.state)).toEqual(['ready', 'ready', 'ready', 'timeout']);
    expect(results[3]?.detail).toContain('does not exist');
  });

  it('keeps watching a timed-out component past the deadline and reports when it did become ready', async () => {
    const start = Date.now();
    await Promise.all(['a', 'b', 'c'].map((f) => writeFile(path.join(dir, f), '')));
    setTimeout(() => void writeFile(path.join(dir, 'd'), ''), 900);
    const late: [string, number][] = [];
    let lateSeen: () => void = () => {};
    const seen = new Promise<void>((resolve) => {
      lateSeen = resolve;
    });
    const progress: string[] = [];
    const results = await waitForComponents(
      specs(),
      500,
      start,
      (p) => progress.push(`${p.name}:${p.state}`),
      undefined,
      {
        onReady: (name, ms) => {
          late.push([name, ms]);
          lateSeen();
        },
      },
    );
    // The verdict does not wait: it falls at the deadline.
    expect(Date.now() - start).toBeLessThan(500 + 250);
    expect(results[3]).toMatchObject({ name: 'operational-info', state: 'timeout', readyAfterMs: null });
    expect(progress).toContain('operational-info:timeout');
    await seen;
    expect(late).toHaveLength(1);
    expect(late[0]![0]).toBe('operational-info');
    expect(late[0]![1]).toBeGreaterThanOrEqual(900);
    expect(late[0]![1]).toBeLessThan(900 + 400);
  });

  it('stops watching late components when aborted, and never past the bound', async () => {
    const controller = new AbortController();
    const late: string[] = [];
    await waitForComponents(specs(), 200, Date.now(), undefined, undefined, {
      onReady: (name) => late.push(name),
      signal: controller.signal,
    });
    controller.abort();
    await Promise.all(['a', 'b', 'c', 'd'].map((f) => writeFile(path.join(dir, f), '')));
    await new Promise((r) => setTimeout(r, 400));
    expect(late).toEqual([]);
    expect(lateWatchLimitMs(15_000)).toBe(45_000);
    expect(lateWatchLimitMs(600_000)).toBe(1_200_000);
  });
});
