import type { THostSilence } from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import { createSilenceBatcher } from './alerts-host-silences';

describe('silence batcher', () => {
  it('asks once for every host requested in the same window, and answers each', async () => {
    const calls: string[][] = [];
    const until = new Date('2026-11-29T12:00:00Z');
    const batcher = createSilenceBatcher(async (hostIds) => {
      calls.push(hostIds);
      return hostIds
        .filter((id) => id !== 'b')
        .map((hostId): THostSilence => ({ hostId, silencedUntil: until, reasons: ['upgrade'] }));
    }, 5);
    const [a, b, again] = await Promise.all([batcher.load('a'), batcher.load('b'), batcher.load('a')]);
    expect(calls).toEqual([['a', 'b']]);
    expect(a?.silencedUntil).toEqual(until);
    expect(again).toEqual(a);
    expect(b).toBeNull();
    await batcher.load('c');
    expect(calls).toEqual([['a', 'b'], ['c']]);
  });

  it('fails every waiter of a failed call', async () => {
    const batcher = createSilenceBatcher(async () => {
      throw new Error('offline');
    }, 1);
    await expect(batcher.load('a')).rejects.toThrow('offline');
  });
});
