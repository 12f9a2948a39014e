import type { PgPool } from '@standby/db';
import { HOST_STATUSES, HOST_VERDICTS, type THostStatus, type THostVerdict } from '@standby/domain';

/** The fleet-wide figures a scrape shows, read from the database in one statement. */
export interface FleetSnapshot {
  byVerdict: Record<THostVerdict, number>;
  byStatus: Record<THostStatus, number>;
  /** Enrolled agents the database shows connected, on any node. */
  agentsConnected: number;
  /** Alert notices waiting to be sent (queued, retrying, or being sent). */
  alertOutboxPending: number;
  /** Age of the oldest of them (0 when none waits). */
  alertOutboxOldestSeconds: number;
}

// One round trip: hosts grouped by the stored verdict and shown status (the columns fleet.counts reads),
// then the two single figures. The outbox count uses the partial index on waiting notices.
const SNAPSHOT_SQL = `
  SELECT 'hosts' AS kind, verdict, "displayStatus" AS status, count(*)::int AS n, 0::float8 AS age
    FROM "Host" GROUP BY verdict, "displayStatus"
  UNION ALL
  SELECT 'agents', NULL, NULL, count(*)::int, 0
    FROM "Agent" WHERE connected AND "revokedAt" IS NULL
  UNION ALL
  SELECT 'outbox', NULL, NULL, count(*)::int,
      COALESCE(EXTRACT(EPOCH FROM now() - min("createdAt")), 0)::float8
    FROM "AlertDelivery" WHERE state IN ('queued', 'retrying', 'sending')`;

interface SnapshotRow {
  kind: 'hosts' | 'agents' | 'outbox';
  verdict: string | null;
  status: string | null;
  n: number;
  age: number;
}

export async function readFleetSnapshot(pool: PgPool): Promise<FleetSnapshot> {
  const { rows } = await pool.query<SnapshotRow>(SNAPSHOT_SQL);
  const snapshot: FleetSnapshot = {
    byVerdict: Object.fromEntries(HOST_VERDICTS.map((v) => [v, 0])) as Record<THostVerdict, number>,
    byStatus: Object.fromEntries(HOST_STATUSES.map((s) => [s, 0])) as Record<THostStatus, number>,
    agentsConnected: 0,
    alertOutboxPending: 0,
    alertOutboxOldestSeconds: 0,
  };
  for (const row of rows) {
    if (row.kind === 'hosts') {
      // A value no release writes is left out (labels stay a known, small set).
      if (row.verdict && row.verdict in snapshot.byVerdict)
        snapshot.byVerdict[row.verdict as THostVerdict] += row.n;
      if (row.status && row.status in snapshot.byStatus)
        snapshot.byStatus[row.status as THostStatus] += row.n;
    } else if (row.kind === 'agents') {
      snapshot.agentsConnected = row.n;
    } else {
      snapshot.alertOutboxPending = row.n;
      snapshot.alertOutboxOldestSeconds = row.age;
    }
  }
  return snapshot;
}

/**
 * The snapshot, read at most once per `ttlMs` however many scrapers ask (several Prometheus
 * replicas, a scrape every second): concurrent scrapes share the read in flight. A read that takes
 * longer than `timeoutMs` (the database hangs) fails the scrape's figures, not the scrape.
 */
export class CachedFleetSnapshot {
  private value: { snapshot: FleetSnapshot; at: number } | undefined;
  private reading: Promise<FleetSnapshot> | undefined;

  constructor(
    private readonly read: () => Promise<FleetSnapshot>,
    private readonly ttlMs = 5_000,
    private readonly timeoutMs = 3_000,
  ) {}

  /** The cached snapshot if fresh, else a new read (shared). */
  get(): Promise<FleetSnapshot> {
    if (this.value && Date.now() - this.value.at < this.ttlMs) return Promise.resolve(this.value.snapshot);
    this.reading ??= this.readWithTimeout().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** The last snapshot read, however old (undefined before the first success). */
  get last(): FleetSnapshot | undefined {
    return this.value?.snapshot;
  }

  private async readWithTimeout(): Promise<FleetSnapshot> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`fleet snapshot took over ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      const snapshot = await Promise.race([this.read(), timeout]);
      this.value = { snapshot, at: Date.now() };
      return snapshot;
    } finally {
      clearTimeout(timer);
    }
  }
}
