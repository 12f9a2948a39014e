/** When the generator measures: results before `measureFromMs` are warm-up; none is sent after `measureToMs`. */
export interface TLoadWindow {
  measureFromMs: number;
  measureToMs: number;
  /** Unset: closed loop (next result as soon as the last is acked). Set: at most one result per agent per interval. */
  perAgentIntervalMs?: number;
}

/** What one generator process measured; the bench merges several. Times are epoch ms, latencies ms. */
export interface TIngestLoadStats {
  agents: number;
  /** Every result emitted, warm-up included. */
  sent: number;
  /** Results acked as stored with the ack inside the window: the throughput numerator. */
  ackedInWindow: number;
  /** Acks that were not `ok` or never came (timeout, disconnect). */
  failures: number;
  failureSamples: string[];
  /** Ack latency of every result emitted inside the window. */
  ackLatenciesMs: number[];
  /** Per host, every result emitted inside the window and acked as stored: emit and ack times. */
  emits: THostEmits[];
}

export interface THostEmits {
  hostId: string;
  emitTimesMs: number[];
  /** When each result's ack arrived (the dashboard acks after commit). */
  ackTimesMs: number[];
}
