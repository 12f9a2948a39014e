// One scenario of `pnpm chaos` through the same code, so CI exercises the proxy path: agents with a
// backlog spooled behind a blackhole, cut again and again while they replay it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaosStack } from './chaos-stack';
import { runScenario, SCENARIOS } from './chaos-suite';

describe('chaos: link drop during replay', { timeout: 120_000 }, () => {
  let dir: string;
  let stack: ChaosStack;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-chaos-test-'));
    stack = await ChaosStack.start(dir, (line) => lines.push(line));
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('stores every result made around a blackhole and cuts during the replay, once', async () => {
    const scenario = SCENARIOS.find((candidate) => candidate.id === 'a')!;
    const figures = await runScenario(stack, scenario, {
      agents: 3,
      faultSec: 4,
      drainBoundSec: 45,
      log: (line) => lines.push(line),
    });
    expect({ failures: figures.failures, log: figures.failures.length ? lines : [] }).toEqual({
      failures: [],
      log: [],
    });
    expect(figures.generated).toBeGreaterThanOrEqual(6);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, stored: figures.generated });
    expect(figures.drainSec).not.toBeNull();
    // The fault really happened: a backlog built up, and cuts landed while it was replayed.
    expect(figures.notes.join('\n')).toMatch(/backlog [1-9]\d* results spooled/);
    expect(figures.notes.join('\n')).toMatch(/[1-3]\/3 cuts landed while results were still spooled/);
  });
});
