import type { THostEmits } from '@standby/simulator/load';
import type { TSighting } from './browser-observer';

export interface TFanoutLatencies {
  /** One per result: from its emit to the first delta showing its host at that run or a newer one. */
  latenciesMs: number[];
  /** The same deltas, timed from the result's ack (sent after commit): the fan-out path alone. */
  afterAckMs: number[];
  /** Results no delta ever reflected before the observer closed. */
  unseen: number;
}

/**
 * Deltas are coalesced, so a browser may never see a result that a newer one of the same host
 * overtook; that result counts as seen when the newer one arrives (the browser is then up to date
 * with it). Emit time = the result's finishedAt = the host's lastCheckAt, so a delta is matched to
 * results by value; the times compared are the one machine's wall clock, read in two processes.
 */
export function measureFanout(
  emits: readonly THostEmits[],
  sightings: ReadonlyMap<string, readonly TSighting[]>,
): TFanoutLatencies {
  const latenciesMs: number[] = [];
  const afterAckMs: number[] = [];
  let unseen = 0;
  for (const { hostId, emitTimesMs, ackTimesMs } of emits) {
    const seen = sightings.get(hostId) ?? [];
    let cursor = 0;
    emitTimesMs.forEach((emittedAt, index) => {
      while (cursor < seen.length && seen[cursor]!.lastCheckAtMs < emittedAt) cursor++;
      const sighting = seen[cursor];
      if (!sighting) {
        unseen++;
        return;
      }
      latenciesMs.push(sighting.receivedAtMs - emittedAt);
      afterAckMs.push(sighting.receivedAtMs - ackTimesMs[index]!);
    });
  }
  return { latenciesMs, afterAckMs, unseen };
}
