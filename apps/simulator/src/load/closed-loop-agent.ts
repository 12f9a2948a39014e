import { setTimeout as sleep } from 'node:timers/promises';
import type { TAck } from '@standby/protocol';
import type { LoadAgentSocket } from './agent-socket';
import type { THostEmits, TLoadWindow } from './load-stats';
import { buildSyntheticResult } from './synthetic-result';

/** The real agent gives up on an ack after this long (dashboard-link.ts). */
export const ACK_TIMEOUT_MS = 15_000;

export interface ConnectedLoadAgent {
  hostId: string;
  socket: LoadAgentSocket;
}

/** Shared by every agent of one generator process (one event loop: no locking needed). */
export interface LoadRecorder {
  sent: number;
  ackedInWindow: number;
  failures: number;
  failureSamples: string[];
  ackLatenciesMs: number[];
  emitsByHost: Map<string, THostEmits>;
}

type TFinishedAck = TAck<{ runId: string; stored: boolean }>;

/**
 * One simulated agent: emits a result, waits for its ack (sent after commit), emits the next — until
 * the window closes. Closed loop, so the offered load adapts to what the dashboard sustains.
 */
export async function runClosedLoop(
  agent: ConnectedLoadAgent,
  window: TLoadWindow,
  recorder: LoadRecorder,
  firstSequence: number,
): Promise<void> {
  const interval = window.perAgentIntervalMs;
  // Paced agents start spread over one interval, not all in the same millisecond.
  let nextAt = interval ? Date.now() + Math.random() * interval : 0;
  for (let sequence = firstSequence; Date.now() < window.measureToMs; sequence++) {
    if (interval) {
      const wait = nextAt - Date.now();
      if (wait > 0) await sleep(wait);
      nextAt = Math.max(nextAt + interval, Date.now());
      if (Date.now() >= window.measureToMs) break;
    }
    const emittedAt = Date.now();
    const started = performance.now();
    const result = buildSyntheticResult(emittedAt, sequence);
    recorder.sent++;
    let ack: TFinishedAck | undefined;
    let failure: string | undefined;
    try {
      ack = (await agent.socket.request(
        'check:finished',
        { result, replayed: false },
        ACK_TIMEOUT_MS,
      )) as TFinishedAck;
      if (!ack.ok) failure = `${ack.error.code}: ${ack.error.message}`;
      else if (!ack.data.stored) failure = `run ${result.runId} acked but not stored`;
    } catch (error) {
      failure = (error as Error).message || 'no ack';
    }
    const latency = performance.now() - started;
    const ackedAt = Date.now();
    if (failure !== undefined) {
      recorder.failures++;
      if (recorder.failureSamples.length < 5) recorder.failureSamples.push(failure);
      // A failing dashboard is not hammered in a tight loop.
      await sleep(100);
      continue;
    }
    if (ackedAt >= window.measureFromMs && ackedAt < window.measureToMs) recorder.ackedInWindow++;
    if (emittedAt >= window.measureFromMs) {
      recorder.ackLatenciesMs.push(latency);
      let emits = recorder.emitsByHost.get(agent.hostId);
      if (!emits) {
        emits = { hostId: agent.hostId, emitTimesMs: [], ackTimesMs: [] };
        recorder.emitsByHost.set(agent.hostId, emits);
      }
      emits.emitTimesMs.push(emittedAt);
      emits.ackTimesMs.push(ackedAt);
    }
  }
}
