import type { TComponentName } from '@standby/domain';
import type { TCheckResult } from '@standby/protocol';

const KEPT_RUNS = 50;

interface RunStartup {
  runId: string;
  slowestMs: number;
  /** Components that timed out and whose late readiness is not known yet. */
  waiting: Set<TComponentName>;
}

/**
 * The startup time of recent runs (the slowest component), for the agent's own
 * `timeout-below-startup` finding. A run that timed out counts once its late components were seen
 * ready (check:late), so a timeout that is really too short shows; a component that never came up
 * keeps its run out (it measures a failure, not a startup).
 */
export class StartupRecord {
  private runs: RunStartup[] = [];

  finished(result: TCheckResult): void {
    const ready = result.components.filter((c) => c.readyAfterMs !== null).map((c) => c.readyAfterMs!);
    const waiting = new Set(result.components.filter((c) => c.state === 'timeout').map((c) => c.name));
    if (ready.length === 0 && waiting.size === 0) return;
    this.runs.push({ runId: result.runId, slowestMs: Math.max(-1, ...ready), waiting });
    if (this.runs.length > KEPT_RUNS) this.runs.shift();
  }

  lateReady(runId: string, name: TComponentName, readyAfterMs: number): void {
    const run = this.runs.find((r) => r.runId === runId);
    if (!run) return;
    run.waiting.delete(name);
    run.slowestMs = Math.max(run.slowestMs, readyAfterMs);
  }

  get durationsMs(): number[] {
    return this.runs.filter((r) => r.waiting.size === 0 && r.slowestMs >= 0).map((r) => r.slowestMs);
  }
}
