import { setTimeout as sleep } from 'node:timers/promises';
import { COMPONENT_NAMES, type TComponentName } from '@standby/domain';
import type { TComponentProgress, TComponentResult, TProbeSpec } from '@standby/protocol';
import { type ActiveProbe, AT_SIP_SERVER_START, describeError, type ProbeContext } from '../probes/probe';
import { startProbe } from '../probes/registry';

/** How often a not-yet-ready component is looked at: readiness is seen within ~100 ms (target: 250 ms). */
export const POLL_INTERVAL_MS = 100;
/** Past the deadline a late component is looked at less often: only its startup time is still wanted. */
export const LATE_POLL_INTERVAL_MS = 250;

/**
 * How long a component that timed out is still watched, counted from the check's start:
 * min(3 × timeout, timeout + 600 s). Long enough to measure a startup a bit over the timeout
 * (what `timeout-below-startup` needs), short enough not to watch a dead component for ever.
 */
export function lateWatchLimitMs(timeoutMs: number): number {
  return Math.min(3 * timeoutMs, timeoutMs + 600_000);
}

/** Watching components past the deadline: each late readiness is reported, the verdict does not wait. */
export interface LateReadinessWatch {
  onReady(name: TComponentName, readyAfterMs: number): void;
  /** Stops the watching early (the agent stops, or the next check starts). */
  signal?: AbortSignal;
}

/**
 * Starts every component's probe at once and polls each until it is ready or the deadline passes
 * (`four-components-within-timeout`: the wait ends as soon as all are ready, and at the timeout at the latest). With `late`,
 * the ones that timed out go on being polled in the background up to lateWatchLimitMs.
 */
export async function waitForComponents(
  specs: Record<TComponentName, TProbeSpec>,
  timeoutMs: number,
  startedAtMs: number,
  onProgress?: (progress: Omit<TComponentProgress, 'runId'>) => void,
  context: ProbeContext = AT_SIP_SERVER_START,
  late?: LateReadinessWatch,
): Promise<TComponentResult[]> {
  const deadline = startedAtMs + timeoutMs;
  const lateUntil = startedAtMs + lateWatchLimitMs(timeoutMs);
  return Promise.all(
    COMPONENT_NAMES.map(async (name): Promise<TComponentResult> => {
      let probe: ActiveProbe;
      try {
        probe = await startProbe(specs[name], context);
      } catch (error) {
        const detail = `probe could not start: ${describeError(error)}`;
        onProgress?.({ name, state: 'failed', readyAfterMs: null });
        return { name, state: 'failed', readyAfterMs: null, detail };
      }
      const result = { name, ...(await pollUntil(probe, deadline, startedAtMs, POLL_INTERVAL_MS)) };
      onProgress?.({ name, state: result.state, readyAfterMs: result.readyAfterMs });
      if (result.state === 'timeout' && late && !late.signal?.aborted) {
        // Not awaited: the verdict falls at the deadline; the probe stays open until this ends.
        void pollUntil(probe, lateUntil, startedAtMs, LATE_POLL_INTERVAL_MS, late.signal)
          .then((after) => {
            if (after.state === 'ready' && after.readyAfterMs !== null)
              late.onReady(name, after.readyAfterMs);
          })
          .finally(() => probe.close().catch(() => {}));
      } else {
        await probe.close().catch(() => {});
      }
      return { ...result, detail: result.detail ?? null };
    }),
  );
}

async function pollUntil(
  probe: ActiveProbe,
  deadline: number,
  startedAtMs: number,
  intervalMs: number,
  signal?: AbortSignal,
): Promise<Omit<TComponentResult, 'name'>> {
  let lastDetail = 'not ready';
  while (Date.now() < deadline && !signal?.aborted) {
    const remaining = deadline - Date.now();
    const reading = await Promise.race([
      probe.read().catch((error: unknown) => ({ ready: false, detail: describeError(error) })),
      sleep(remaining).then(() => undefined),
    ]);
    if (reading?.ready) {
      return {
        state: 'ready',
        readyAfterMs: Math.max(0, Date.now() - startedAtMs),
        detail: reading.detail ?? null,
      };
    }
    if (reading?.detail) lastDetail = reading.detail;
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
  return { state: 'timeout', readyAfterMs: null, detail: `not ready within the timeout: ${lastDetail}` };
}
