import { describe, expect, it } from 'vitest';
import { computeNearestRankPercentile } from './percentile';

describe('findings: observed startup p95 uses the nearest-rank method', () => {
  it('p95 of 1..20 is the 19th value', () => {
    const samples = Array.from({ length: 20 }, (_, index) => index + 1);
    expect(computeNearestRankPercentile(samples, 95)).toBe(19);
  });

  it('p95 of 1..100 is 95, and of 1..10 is the maximum', () => {
    expect(
      computeNearestRankPercentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
    expect(
      computeNearestRankPercentile(
        Array.from({ length: 10 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(10);
  });

  it('sorts numerically, not as strings', () => {
    expect(computeNearestRankPercentile([9000, 10000, 800], 50)).toBe(9000);
  });

  it('a single sample is its own p95', () => {
    expect(computeNearestRankPercentile([4200], 95)).toBe(4200);
  });

  it('ignores non-finite and negative samples; no samples gives undefined', () => {
    expect(computeNearestRankPercentile([Number.NaN, -1, Number.POSITIVE_INFINITY, 500], 95)).toBe(500);
    expect(computeNearestRankPercentile([], 95)).toBeUndefined();
    expect(computeNearestRankPercentile([Number.NaN], 95)).toBeUndefined();
  });

  it('p100 is the maximum; percents outside (0, 100] are refused', () => {
    expect(computeNearestRankPercentile([3, 1, 2], 100)).toBe(3);
    expect(() => computeNearestRankPercentile([1], 0)).toThrow(RangeError);
    expect(() => computeNearestRankPercentile([1], 101)).toThrow(RangeError);
  });
});
