import { describe, expect, it } from 'vitest';
import { formatElapsed, formatSince } from './format-elapsed';

describe('findings say "since when" in readable units', () => {
  it.each([
    [0, 'under a minute'],
    [59_999, 'under a minute'],
    [60_000, '1 min'],
    [3_600_000, '1 h 0 min'],
    [7_500_000, '2 h 5 min'],
    [90_000_000, '1 d 1 h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });

  it('adds "ago" only for a past time', () => {
    const now = new Date('2026-01-10T12:00:00.000Z');
    expect(formatSince(new Date('2026-01-10T11:00:00.000Z'), now)).toBe(
      '2026-01-10T11:00:00.000Z (1 h 0 min ago)',
    );
    expect(formatSince(new Date('2026-01-10T13:00:00.000Z'), now)).toBe('2026-01-10T13:00:00.000Z');
  });
});
