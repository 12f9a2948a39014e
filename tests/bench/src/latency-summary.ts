import { computeNearestRankPercentile } from '@standby/domain';

export interface TLatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Nearest-rank percentiles (the domain's definition), in the samples' unit. */
export function summarizeLatencies(samples: readonly number[]): TLatencySummary {
  const at = (percent: number) => computeNearestRankPercentile(samples, percent) ?? null;
  let max: number | null = null;
  let sum = 0;
  for (const sample of samples) {
    sum += sample;
    if (max === null || sample > max) max = sample;
  }
  return {
    count: samples.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max,
    mean: samples.length ? sum / samples.length : null,
  };
}
