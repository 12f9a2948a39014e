import { stat } from 'node:fs/promises';
import type { TProbeSpec } from '@standby/protocol';

/**
 * Where the components' logs ended at the start watcher's previous poll. A start is seen only once
 * its listener is up (up to one poll after), so a check started then would miss the log lines the
 * new server wrote meanwhile; it reads from these marks instead: they precede the listener, and the
 * lines after them belong to the starting server.
 */
export class LogMarks {
  private previous: Record<string, number> = {};
  private latest: Record<string, number> = {};

  constructor(private readonly logs: readonly string[]) {}

  static forProbes(probes: readonly TProbeSpec[]): LogMarks {
    return new LogMarks([...new Set(probes.flatMap((p) => ('log' in p ? [p.log] : [])))]);
  }

  /** Called before each look of the start watcher. */
  async mark(): Promise<void> {
    const sizes: Record<string, number> = {};
    for (const log of this.logs) {
      const size = await stat(log).then(
        (s) => s.size,
        () => 0,
      );
      sizes[log] = size;
    }
    this.previous = this.latest;
    this.latest = sizes;
  }

  /** The marks from before the look that saw a new instance. */
  beforeDetection(): Readonly<Record<string, number>> {
    return { ...this.previous };
  }
}
