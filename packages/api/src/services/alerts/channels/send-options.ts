/** How long a channel waits for its receiver unless told otherwise. */
export const DEFAULT_CHANNEL_TIMEOUT_MS = 10_000;

export interface TSendOptions {
  /** Cancels the delivery (e.g. on shutdown): it then fails as retryable. */
  signal?: AbortSignal;
  /** Gives up on a receiver that has not answered within this time (default 10 s). */
  timeoutMs?: number;
}

/** One signal for the caller's cancellation and the timeout, and which of the two fired. */
export function deliverySignal(options: TSendOptions): {
  signal: AbortSignal;
  timeoutMs: number;
  timedOut: () => boolean;
} {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHANNEL_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return { signal, timeoutMs, timedOut: () => timeout.aborted && !options.signal?.aborted };
}

export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
