import type { TSighting } from './browser-observer';

export interface TFanoutLatencies {
  /** One per result: from its emit to the first delta showing its host at that run or a newer one. */
  latenciesMs: number[];
  /** Results no delta ever reflected before the observer closed. */
  unseen: number;
}

/**
 * Deltas are coalesced, so a browser may never see a result that a newer one of the same host
 * overtook; that result counts as seen when the newer one arrives (the browser is then up to date
 * with it). Emit time = the result's finishedAt = the host's lastCheckAt, so no clocks are compared
 * across result ids — only the one machine's wall clock across processes.
 */
export function measureFanout(
  emits: readonly { hostId: string; emitTimesMs: readonly number[] }[],
  sightings: ReadonlyMap<string, readonly TSighting[]>,
): TFanoutLatencies {
  const latenciesMs: number[] = [];
  let unseen = 0;
  for (const { hostId, emitTimesMs } of emits) {
    const seen = sightings.get(hostId) ?? [];
    let cursor = 0;
    for (const emittedAt of emitTimesMs) {
      while (cursor < seen.length && seen[cursor]!.lastCheckAtMs < emittedAt) cursor++;
      const sighting = seen[cursor];
      if (sighting) latenciesMs.push(sighting.receivedAtMs - emittedAt);
      else unseen++;
    }
  }
  return { latenciesMs, unseen };
}
