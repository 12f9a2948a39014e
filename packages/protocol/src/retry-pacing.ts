/**
 * Delay before retry number `attempt` (0-based): doubling from `baseMs` up to `maxMs`, each delay
 * drawn between half and all of it, so that a fleet refused at once does not come back at once.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Keeps an outage to two log lines: one when failures start, one when they end (with how many
 * there were and for how long), instead of one line per failed attempt.
 */
export class FailureStreak {
  private failures = 0;
  private since = 0;

  constructor(private readonly log: (line: string) => void) {}

  get failing(): boolean {
    return this.failures > 0;
  }

  /** Logs `line` if this is the first failure of a streak; counts it either way. */
  fail(line: string): void {
    if (this.failures++ === 0) {
      this.since = Date.now();
      this.log(line);
    }
  }

  /** Ends a streak; logs `line` with the count and duration if there was one. Returns whether there was. */
  recover(line: string): boolean {
    if (this.failures === 0) return false;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    const attempts = this.failures === 1 ? '1 failed attempt' : `${this.failures} failed attempts`;
    this.log(`${line} (after ${attempts} over ${seconds} s)`);
    this.failures = 0;
    return true;
  }
}
