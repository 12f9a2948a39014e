import { stat } from 'node:fs/promises';
import type { TAgentConfig } from '@standby/protocol';
import { readTServerOptions } from '../options-file/read-options-file';
import { createModeReader, type TObservedMode } from './mode-reader';
import { createVersionReader } from './version-reader';

/** Role and version are re-read at most this often; the options file is looked at as often. */
export const OBSERVE_INTERVAL_MS = 2_000;

export interface TObservedHost {
  mode: TObservedMode;
  /** '' when unreadable. */
  version: string;
  /** The options file's [TServer] section now; undefined while it cannot be read. */
  configuredOptions: Record<string, string> | undefined;
  /** This clock just before the file was last read or found unchanged: orders it against other reads. */
  configuredOptionsReadAt?: string;
}

export interface THostChanges {
  mode: boolean;
  version: boolean;
  /** The [TServer] content changed (by Standby or by anything else: the dashboard tells them apart). */
  options: boolean;
}

export interface HostObserver {
  /** The first observation, made at once. */
  readonly ready: Promise<TObservedHost>;
  readonly current: TObservedHost;
  /**
   * Looks now instead of waiting for the next poll. `options: 'quiet'`: an options change seen by
   * this look is taken as the new baseline without being reported (Standby made it, and said so).
   */
  refresh(how?: { options: 'quiet' }): Promise<void>;
  stop(): void;
}

/**
 * One poll loop for what the agent observes about its SIP Server: the role, the version and the
 * options file (mtime + size first, the content only when those moved). Calls onChange after
 * each observation that differs from the previous one.
 */
export function observeHost(
  sip: Pick<TAgentConfig['sipServer'], 'mode' | 'version' | 'optionsFile'>,
  onChange: (now: TObservedHost, previous: TObservedHost, changes: THostChanges) => void,
  intervalMs = OBSERVE_INTERVAL_MS,
): HostObserver {
  const readMode = createModeReader(sip.mode);
  const readVersion = createVersionReader(sip.version);
  let fileStamp: string | undefined;
  let current: TObservedHost = { mode: 'unknown', version: '', configuredOptions: undefined };
  let readAt: string | undefined;
  let stopped = false;
  // The first look sets the baseline: it is not a change.
  let looked = false;
  let timer: NodeJS.Timeout | undefined;

  const readOptions = async (): Promise<Record<string, string> | undefined> => {
    // Taken before looking: a write after it is seen by this look, or stamped later by its writer.
    readAt = new Date().toISOString();
    const stamp = await stat(sip.optionsFile).then(
      (s) => `${s.mtimeMs}:${s.size}:${s.ino}`,
      () => undefined,
    );
    if (stamp === undefined) {
      fileStamp = undefined;
      return undefined;
    }
    if (stamp === fileStamp && current.configuredOptions) return current.configuredOptions;
    const options = await readTServerOptions(sip.optionsFile).catch(() => undefined);
    fileStamp = options ? stamp : undefined;
    return options;
  };

  const look = async (quietOptions = false): Promise<TObservedHost> => {
    const [mode, version, configuredOptions] = await Promise.all([
      readMode().catch((): TObservedMode => 'unknown'),
      readVersion().catch(() => ''),
      readOptions(),
    ]);
    const previous = current;
    current = {
      mode,
      version,
      configuredOptions,
      ...(configuredOptions && readAt ? { configuredOptionsReadAt: readAt } : {}),
    };
    const changes: THostChanges = {
      mode: mode !== previous.mode,
      version: version !== previous.version,
      options:
        !quietOptions && JSON.stringify(configuredOptions) !== JSON.stringify(previous.configuredOptions),
    };
    const changed = changes.mode || changes.version || changes.options;
    if (looked && !stopped && changed) onChange(current, previous, changes);
    looked = true;
    return current;
  };

  // One look at a time: a refresh during a poll waits for it, then looks again.
  let looking: Promise<unknown> = Promise.resolve();
  const lookInTurn = (quietOptions = false) => {
    const run = () => look(quietOptions);
    const next = looking.then(run, run);
    looking = next.catch(() => undefined);
    return next;
  };
  const loop = async () => {
    if (stopped) return;
    await lookInTurn().catch(() => undefined);
    if (!stopped) timer = setTimeout(loop, intervalMs);
  };
  const ready = lookInTurn().then((first) => {
    if (!stopped) timer = setTimeout(loop, intervalMs);
    return first;
  });

  return {
    ready,
    get current() {
      return current;
    },
    refresh: async (how) => {
      await lookInTurn(how?.options === 'quiet');
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
