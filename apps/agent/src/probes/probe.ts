/** Outcome of one look at a component. */
export interface ProbeReading {
  ready: boolean;
  /** Why not ready (or how it was seen ready), for the result's `detail`. */
  detail?: string;
}

/**
 * A started probe for one component during one check. `read` is called repeatedly (every
 * ~100 ms) until it reports ready or the check's timeout passes; `close` releases what it holds.
 */
export interface ActiveProbe {
  read(): Promise<ProbeReading>;
  close(): Promise<void>;
}

/** What the check knows about the moment it runs in. */
export interface ProbeContext {
  /**
   * True when the check runs at a start of the SIP Server (the seed's case): only what happens from
   * now on counts. False for a check of a server already running (interval, on command): what it
   * already wrote since then counts too.
   */
  atSipServerStart: boolean;
  /**
   * At a start seen late (by its listener): where each log stood before the start, so lines the
   * server wrote before it was seen still count (see LogMarks).
   */
  logStartOffsets?: Readonly<Record<string, number>>;
}

export const AT_SIP_SERVER_START: ProbeContext = { atSipServerStart: true };

export interface ProbeKind<TSpec> {
  /** Called at the moment the check starts (the log probe remembers where the log ended). */
  start(spec: TSpec, context: ProbeContext): Promise<ActiveProbe>;
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return `${error.code}${'message' in error ? `: ${String(error.message)}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
