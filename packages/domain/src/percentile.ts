/**
 * Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.
 * Non-finite and negative samples are ignored; undefined when no sample is left.
 */
export function computeNearestRankPercentile(
  samples: readonly number[],
  percent: number,
): number | undefined {
  if (!(percent > 0 && percent <= 100)) throw new RangeError(`percent must be in (0, 100], got ${percent}`);
  const sorted = samples.filter((sample) => Number.isFinite(sample) && sample >= 0).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  // Multiply before dividing: integer arithmetic, no reliance on how 0.95 rounds in binary.
  const rank = Math.ceil((percent * sorted.length) / 100);
  return sorted[Math.max(rank, 1) - 1];
}
