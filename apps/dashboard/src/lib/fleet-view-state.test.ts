import { describe, expect, it } from 'vitest';
import {
  filteredTotal,
  INITIAL_FLEET_VIEW,
  toFleetFilter,
  toggleVerdict,
  withoutVerdicts,
} from './fleet-view-state';

describe('fleet view state', () => {
  it('puts the verdicts and the status in the filter, and the counts ignore only the verdicts', () => {
    const filter = toFleetFilter(
      { ...INITIAL_FLEET_VIEW, verdicts: ['would-not-serve'], statuses: ['RUNNING'] },
      ' sip ',
    );
    expect(filter).toEqual({ verdicts: ['would-not-serve'], statuses: ['RUNNING'], search: 'sip' });
    expect(withoutVerdicts(filter)).toEqual({ statuses: ['RUNNING'], search: 'sip' });
  });

  it('toggles a verdict and totals the selected ones', () => {
    expect(toggleVerdict(['unknown'], 'would-not-serve')).toEqual(['unknown', 'would-not-serve']);
    expect(toggleVerdict(['unknown', 'would-not-serve'], 'unknown')).toEqual(['would-not-serve']);
    const counts = { total: 10, byVerdict: { 'would-not-serve': 2, unknown: 1 } };
    expect(filteredTotal(counts, [])).toBe(10);
    expect(filteredTotal(counts, ['would-not-serve', 'unknown'])).toBe(3);
  });
});
