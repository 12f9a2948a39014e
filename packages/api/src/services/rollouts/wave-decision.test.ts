import type { TWaveTally } from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import { decideWave } from './wave-decision';

const tally = (counts: Partial<TWaveTally>): TWaveTally => ({
  hosts: 10,
  unchanged: 0,
  waiting: 0,
  applied: 0,
  rejected: 0,
  passed: 0,
  failing: 0,
  ...counts,
});

describe('decideWave', () => {
  it('waits while hosts have not applied, or applied without a restart and a check', () => {
    expect(decideWave(tally({ waiting: 3, passed: 7 }), { haltCount: 1 }, 5, 600)).toEqual({ kind: 'wait' });
    expect(decideWave(tally({ applied: 1, passed: 9 }), { haltCount: 1 }, 5, 600)).toEqual({ kind: 'wait' });
  });

  it('passes once every host passed or already had the values', () => {
    expect(decideWave(tally({ passed: 8, unchanged: 2 }), { haltCount: 1 }, 5, 600)).toEqual({
      kind: 'pass',
    });
  });

  it('halts at N failures at once, even with hosts still pending', () => {
    const decision = decideWave(tally({ failing: 1, rejected: 1, waiting: 8 }), { haltCount: 2 }, 5, 600);
    expect(decision).toEqual({
      kind: 'halt',
      reason: '1 rejected the change, 1 failed the check after the restart (of 10 hosts)',
    });
  });

  it('halts at X% of the wave, and tolerates failures under the rule', () => {
    expect(decideWave(tally({ failing: 2, passed: 8 }), { haltPercent: 20 }, 5, 600).kind).toBe('halt');
    expect(decideWave(tally({ failing: 1, passed: 9 }), { haltPercent: 20 }, 5, 600).kind).toBe('pass');
    expect(decideWave(tally({ passed: 10 }), { haltPercent: 1 }, 5, 600).kind).toBe('pass');
  });

  it('halts a wave still undecided after its timeout, saying what it waits for', () => {
    expect(decideWave(tally({ waiting: 1, applied: 2, passed: 7 }), { haltCount: 1 }, 600, 600)).toEqual({
      kind: 'timed-out',
      reason:
        'no decision after 600 s: 1 not acknowledged by the agent, 2 applied but not restarted and checked',
    });
  });
});
