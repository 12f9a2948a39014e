export interface TQueryTiming {
  samples: number[];
  warmup: number;
}

const WARMUP = 10;
const MAX_SAMPLES = 200;
const MIN_SAMPLES = 30;
const BUDGET_MS = 15_000;

/**
 * Calls `run(i)` sequentially: WARMUP untimed calls (plans cached, pages in memory), then up to
 * MAX_SAMPLES timed ones — fewer when the query is slow (stops at BUDGET_MS, after MIN_SAMPLES).
 */
export async function timeQuery(run: (iteration: number) => Promise<unknown>): Promise<TQueryTiming> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < MAX_SAMPLES; i++) {
    if (samples.length >= MIN_SAMPLES && performance.now() - started > BUDGET_MS) break;
    const t0 = performance.now();
    await run(WARMUP + i);
    samples.push(performance.now() - t0);
  }
  return { samples, warmup: WARMUP };
}
