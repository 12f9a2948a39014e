import { describe, expect, it } from 'vitest';
import { suggestInitCheckTimeoutSec } from './timeout-suggestion';

describe('findings: suggested timeout is ceil(p95 seconds × 1.5), kept in 15-3600', () => {
  it('adds half again, rounding up to a whole second', () => {
    expect(suggestInitCheckTimeoutSec(40_000)).toBe(60);
    expect(suggestInitCheckTimeoutSec(40_001)).toBe(61);
    expect(suggestInitCheckTimeoutSec(70_500)).toBe(106);
  });

  it('never suggests less than 15', () => {
    expect(suggestInitCheckTimeoutSec(0)).toBe(15);
    expect(suggestInitCheckTimeoutSec(9_000)).toBe(15);
    expect(suggestInitCheckTimeoutSec(10_001)).toBe(16);
  });

  it('never suggests more than 3600', () => {
    expect(suggestInitCheckTimeoutSec(2_400_000)).toBe(3600);
    expect(suggestInitCheckTimeoutSec(2_400_001)).toBe(3600);
    expect(suggestInitCheckTimeoutSec(10_000_000)).toBe(3600);
  });
});
