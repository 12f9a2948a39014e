import { describe, expect, it } from 'vitest';
import { planWaves, rolloutOrder, waveHostCount } from './plan-waves';

const host = (hostId: string, pairName: string | null) => ({ hostId, hostname: `${hostId}.test`, pairName });

describe('planWaves', () => {
  const ids = Array.from({ length: 10 }, (_, i) => `h${i}`);

  it('cuts a canary of N hosts, then waves of a fixed size, the last one shorter', () => {
    const waves = planWaves(ids, { canary: { unit: 'hosts', value: 1 }, next: { unit: 'hosts', value: 4 } });
    expect(waves.map((wave) => wave.length)).toEqual([1, 4, 4, 1]);
    expect(waves.flat()).toEqual(ids);
  });

  it('reads percentages of the rollout, rounding up, never an empty wave', () => {
    const waves = planWaves(ids, {
      canary: { unit: 'percent', value: 5 },
      next: { unit: 'percent', value: 34 },
    });
    expect(waves.map((wave) => wave.length)).toEqual([1, 4, 4, 1]);
    expect(waveHostCount({ unit: 'percent', value: 1 }, 3)).toBe(1);
    expect(waveHostCount({ unit: 'percent', value: 100 }, 7)).toBe(7);
  });

  it('makes one wave of a canary larger than the target, and none of no host', () => {
    expect(
      planWaves(ids, { canary: { unit: 'hosts', value: 50 }, next: { unit: 'hosts', value: 1 } }),
    ).toEqual([ids]);
    expect(planWaves([], { canary: { unit: 'hosts', value: 1 }, next: { unit: 'hosts', value: 1 } })).toEqual(
      [],
    );
  });
});

describe('rolloutOrder', () => {
  it('puts one member of every pair before any second member', () => {
    const ordered = rolloutOrder([
      host('b2', 'PAIR_B'),
      host('a1', 'PAIR_A'),
      host('a2', 'PAIR_A'),
      host('solo', null),
      host('b1', 'PAIR_B'),
    ]);
    expect(ordered.map((h) => h.hostId)).toEqual(['solo', 'a1', 'b1', 'a2', 'b2']);
  });
});
