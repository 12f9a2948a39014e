import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForComponents } from './wait-for-components';

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
});
