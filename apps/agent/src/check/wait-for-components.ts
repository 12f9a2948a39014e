import { setTimeout as sleep } from 'node:timers/promises';
import { COMPONENT_NAMES, type TComponentName } from '@standby/domain';
import type { TComponentProgress, TComponentResult, TProbeSpec } from '@standby/protocol';
import { AT_SIP_SERVER_START, describeError, type ProbeContext } from '../probes/probe';
import { startProbe } from '../probes/registry';

/** How often a not-yet-ready component is looked at: readiness is seen within ~100 ms (target: 250 ms). */
export const POLL_INTERVAL_MS = 100;

/**
 * Starts every component's probe at once and polls each until it is ready or the deadline passes
 * (seed: the check ends as soon as all are ready, and at the timeout at the latest).
 */
export async function waitForComponents(
  specs: Record<TComponentName, TProbeSpec>,
  timeoutMs: number,
  startedAtMs: number,
  onProgress?: (progress: Omit<TComponentProgress, 'runId'>) => void,
  context: ProbeContext = AT_SIP_SERVER_START,
): Promise<TComponentResult[]> {
  const deadline = startedAtMs + timeoutMs;
  return Promise.all(
    COMPONENT_NAMES.map(async (name): Promise<TComponentResult> => {
      const result = await pollComponent(specs[name], deadline, startedAtMs, context);
      const component = { name, ...result };
      onProgress?.({ name, state: component.state, readyAfterMs: component.readyAfterMs });
      return component;
    }),
  );
}

async function pollComponent(
  spec: TProbeSpec,
  deadline: number,
  startedAtMs: number,
  context: ProbeContext,
): Promise<Omit<TComponentResult, 'name'>> {
  let probe: Awaited<ReturnType<typeof startProbe>>;
  try {
    probe = await startProbe(spec, context);
  } catch (error) {
    return { state: 'failed', readyAfterMs: null, detail: `probe could not start: ${describeError(error)}` };
  }
  let lastDetail = 'not ready';
  try {
    while (Date.now() < deadline) {
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
      await sleep(Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())));
    }
    return { state: 'timeout', readyAfterMs: null, detail: `not ready within the timeout: ${lastDetail}` };
  } finally {
    await probe.close().catch(() => {});
  }
}
