import type { TSipServerWatch } from '@standby/protocol';
import { readListenerIdentity } from './listener-identity';
import { findProcessByName, readPidFileIdentity } from './process-identity';

export const START_POLL_INTERVAL_MS = 500;

/** Reads "which instance of the SIP Server is up now", or undefined when none is. */
type ReadInstance = () => Promise<string | undefined>;

/** A configured `watch`, or the default: the socket listening on a port (see default-start-watch.ts). */
export type TStartWatch = TSipServerWatch | { listenPort: number };
type TStartWatchKeys = { pidFile?: string; processName?: string; statusUrl?: string; listenPort?: number };

const READERS: { [K in keyof TStartWatchKeys]-?: (value: NonNullable<TStartWatchKeys[K]>) => ReadInstance } =
  {
    listenPort: (port) => () => readListenerIdentity(port),
    pidFile: (pidFile) => () => readPidFileIdentity(pidFile),
    processName: (name) => () => findProcessByName(name),
    // A status URL cannot tell instances apart: each down → up transition is a new start.
    statusUrl: (url) => {
      let starts = 0;
      let wasUp = false;
      return async () => {
        const up = await fetch(url, { signal: AbortSignal.timeout(2_000) })
          .then(async (response) => {
            await response.body?.cancel();
            return response.ok;
          })
          .catch(() => false);
        if (up && !wasUp) starts++;
        wasUp = up;
        return up ? `start-${starts}` : undefined;
      };
    },
  };

/**
 * Watches for starts of the SIP Server and calls `onStart` once per new instance (a new pid or
 * start time, a new listening socket, or a status URL coming back up). The instance already up
 * when watching begins is not a new start: the agent checks once at its own start anyway. `ready`
 * says whether one was up, and which.
 */
export function watchSipServerStarts(
  watch: TStartWatch,
  onStart: (instance: string) => void,
  intervalMs = START_POLL_INTERVAL_MS,
  /** Runs before each look (the agent marks where the logs end: see LogMarks). */
  beforeLook?: () => Promise<void>,
): { stop(): void; ready: Promise<{ runningAtStart: boolean; instance?: string }> } {
  const [kind, value] = Object.entries(watch).find(([, v]) => v !== undefined) as [
    keyof TStartWatchKeys,
    string | number,
  ];
  const readInstance = READERS[kind](value as never);
  const read = async () => {
    await beforeLook?.().catch(() => undefined);
    return readInstance();
  };
  let current: string | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    const instance = await read().catch(() => undefined);
    if (instance && instance !== current && !stopped) onStart(instance);
    current = instance;
  };
  const ready = read()
    .catch(() => undefined)
    .then((instance) => {
      current = instance;
      const loop = async () => {
        if (stopped) return;
        await poll();
        if (!stopped) timer = setTimeout(loop, intervalMs);
      };
      timer = setTimeout(loop, intervalMs);
      return instance === undefined ? { runningAtStart: false } : { runningAtStart: true, instance };
    });
  return {
    ready,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
