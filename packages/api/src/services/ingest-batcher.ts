import type { PgPool } from '@standby/db';
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

  /** Resolves with `stored` (false: a replay of a run already stored) once the run is committed. */
  submit(item: CheckResultToStore): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.write(batch).finally(() => {
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
      this.onHostsEvaluated(evaluatedHostIds);
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
