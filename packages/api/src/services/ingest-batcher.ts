import type { PgPool } from '@standby/db';
import { AppError } from '@standby/protocol';
import { processLogger } from '@standby/telemetry';
import { recordAgentClockSkew } from './agent-clock-skew';
import { judgeResultTimes } from './result-time-window';
import { type CheckResultToStore, storeCheckResults } from './store-check-results';

const MAX_BATCH = 500;

interface Waiting {
  item: CheckResultToStore;
  resolve: (stored: boolean) => void;
  reject: (error: Error) => void;
}

/**
 * Groups results that arrive while a transaction is in flight into the next one. Idle, a result
 * is written at once (no added latency); under load, each commit carries up to MAX_BATCH results,
 * so the database sees a few transactions per second instead of one per result.
 */
export class IngestBatcher {
  private queue: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly pool: PgPool,
    /** Concurrent transactions: more than one keeps the pool busy while a commit waits on fsync. */
    private readonly maxInFlight = 2,
    /** Every host whose verdict a batch evaluated again (pair peers included), after the commit. */
    private readonly onHostsEvaluated: (hostIds: string[]) => void = () => {},
  ) {}

  /**
   * Resolves with `stored` (false: a replay of a run already stored) once the run is committed.
   * Rejects with BAD_REQUEST, naming the field, a result whose times are outside the window judged
   * against the dashboard's clock (result-time-window.ts); one from the future also records the
   * agent's clock skew on the host (a finding), so the refusal is visible on the dashboard.
   */
  async submit(item: CheckResultToStore): Promise<boolean> {
    const receivedAt = item.receivedAt ?? new Date();
    const times = judgeResultTimes(item.result, receivedAt);
    if (!times.ok) {
      if (times.aheadByMs !== undefined) {
        const evaluated = await recordAgentClockSkew(this.pool, item.hostId, times.aheadByMs).catch(
          () => [] as string[],
        );
        this.notifyEvaluated(evaluated);
      }
      throw new AppError('BAD_REQUEST', times.message);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ item: { ...item, receivedAt }, resolve, reject });
      this.pump();
    });
  }

  /** The callback must never fail a batch that is committed: its error is the caller's to log. */
  private notifyEvaluated(hostIds: string[]): void {
    if (hostIds.length === 0) return;
    try {
      this.onHostsEvaluated(hostIds);
    } catch (error) {
      processLogger().error({ err: error }, 'ingest: notifying evaluated hosts failed');
    }
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      // write() settles every waiting promise itself and never rejects; the catch is a last guard.
      void this.write(batch)
        .catch((error: unknown) => {
          for (const waiting of batch) waiting.reject(error as Error);
        })
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      const { stored, evaluatedHostIds } = await storeCheckResults(
        this.pool,
        batch.map((waiting) => waiting.item),
      );
      this.notifyEvaluated(evaluatedHostIds);
      batch.forEach((waiting, index) => {
        waiting.resolve(stored[index] ?? false);
      });
    } catch (error) {
      // One bad row must not fail its neighbours: retry them one by one.
      if (batch.length > 1) {
        await Promise.all(batch.map((waiting) => this.write([waiting])));
        return;
      }
      for (const waiting of batch) waiting.reject(error as Error);
    }
  }
}
