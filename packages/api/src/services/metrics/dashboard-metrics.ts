import type { PgPool } from '@standby/db';
import { HOST_STATUSES, HOST_VERDICTS } from '@standby/domain';
import { Counter, createMetricsRegistry, Gauge, Histogram, type Registry } from '@standby/telemetry';
import { CachedFleetSnapshot, type FleetSnapshot, readFleetSnapshot } from './fleet-snapshot';

export interface DashboardMetricsOptions {
  /** Where the fleet-wide gauges are read at scrape time. */
  pool: PgPool;
  /** Agent sockets open on this node now. */
  localAgentSockets: () => number;
  /** How long one fleet snapshot serves scrapes (default 5 s). */
  snapshotTtlMs?: number;
  /** prom-client's process metrics (default on). */
  processMetrics?: boolean;
  /** Told once per failed snapshot read (the scrape then shows the last figures read). */
  onSnapshotError?: (error: unknown) => void;
}

export type TIngestOutcome = 'stored' | 'duplicate' | 'refused';

// Latencies in seconds. Ingest acks are milliseconds when healthy, seconds under load or an outage.
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// Live deltas are coalesced every 100 ms: most land within a few intervals.
const FANOUT_BUCKETS = [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5, 10];
// A command waits for its agent: instant when connected, hours when the host is down.
const COMMAND_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3_600, 21_600, 86_400];

/**
 * The dashboard node's Prometheus metrics (docs/METRICS.md). Counters and histograms are this node's;
 * the fleet gauges are the database's figures (the same on every node: aggregate them with max()).
 * No label names a host: cardinality stays fixed however large the fleet.
 */
export class DashboardMetrics {
  readonly registry: Registry;
  private readonly snapshot: CachedFleetSnapshot;
  private readonly ingestResults: Counter<'outcome' | 'code'>;
  private readonly ingestAck: Histogram<'outcome'>;
  private readonly liveFanout: Histogram;
  private readonly commandDelivery: Histogram<'kind'>;
  private readonly commandApply: Histogram<'kind' | 'outcome'>;

  constructor(options: DashboardMetricsOptions) {
    const registry = createMetricsRegistry({ processMetrics: options.processMetrics ?? true });
    this.registry = registry;
    this.snapshot = new CachedFleetSnapshot(() => readFleetSnapshot(options.pool), options.snapshotTtlMs);
    const snapshot = this.snapshot;
    const onError = options.onSnapshotError ?? (() => {});
    const failures = new Counter({
      name: 'standby_metrics_snapshot_failures_total',
      help: 'Scrape-time reads of the fleet figures that failed (the gauges then show the last figures read)',
      registers: [registry],
    });
    /** The snapshot for a scrape: fresh or cached; on failure the last one read (counted, reported). */
    const current = async (): Promise<FleetSnapshot | undefined> => {
      try {
        return await snapshot.get();
      } catch (error) {
        failures.inc();
        onError(error);
        return snapshot.last;
      }
    };

    new Gauge({
      name: 'standby_hosts_by_verdict',
      help: 'Hosts by their verdict (would a backup serve if promoted now), fleet-wide',
      labelNames: ['verdict'],
      registers: [registry],
      async collect() {
        const figures = await current();
        for (const verdict of HOST_VERDICTS) this.set({ verdict }, figures?.byVerdict[verdict] ?? 0);
      },
    });
    new Gauge({
      name: 'standby_hosts_by_status',
      help: 'Hosts by the status the dashboard shows (RUNNING, SERVICE_UNAVAILABLE, INITIALIZING, UNKNOWN), fleet-wide',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const figures = await current();
        for (const status of HOST_STATUSES) this.set({ status }, figures?.byStatus[status] ?? 0);
      },
    });
    new Gauge({
      name: 'standby_fleet_agents_connected',
      help: 'Enrolled agents connected to any dashboard node, as the database records them',
      registers: [registry],
      async collect() {
        this.set((await current())?.agentsConnected ?? 0);
      },
    });
    new Gauge({
      name: 'standby_alert_outbox_pending',
      help: 'Alert notices waiting to be sent (queued, retrying or being sent), fleet-wide',
      registers: [registry],
      async collect() {
        this.set((await current())?.alertOutboxPending ?? 0);
      },
    });
    new Gauge({
      name: 'standby_alert_outbox_oldest_seconds',
      help: 'Age of the oldest alert notice still waiting to be sent (0 when none waits)',
      registers: [registry],
      async collect() {
        this.set((await current())?.alertOutboxOldestSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'standby_node_agent_sockets',
      help: 'Agent sockets open on this dashboard node',
      registers: [registry],
      collect() {
        this.set(options.localAgentSockets());
      },
    });

    this.ingestResults = new Counter({
      name: 'standby_ingest_results_total',
      help: 'Check results answered by this node: stored, duplicate (a replay already stored) or refused (label code)',
      labelNames: ['outcome', 'code'],
      registers: [registry],
    });
    this.ingestAck = new Histogram({
      name: 'standby_ingest_ack_seconds',
      help: 'From a result received to its ack sent, after the commit (stored or duplicate)',
      labelNames: ['outcome'],
      buckets: ACK_BUCKETS,
      registers: [registry],
    });
    this.liveFanout = new Histogram({
      name: 'standby_live_fanout_delay_seconds',
      help: "From a host's change marked on this node to its delta emitted to browsers",
      buckets: FANOUT_BUCKETS,
      registers: [registry],
    });
    this.commandDelivery = new Histogram({
      name: 'standby_command_delivery_seconds',
      help: 'From a command created to its first delivery to the agent',
      labelNames: ['kind'],
      buckets: COMMAND_BUCKETS,
      registers: [registry],
    });
    this.commandApply = new Histogram({
      name: 'standby_command_apply_seconds',
      help: "From a command created to the agent's ack (outcome applied or rejected)",
      labelNames: ['kind', 'outcome'],
      buckets: COMMAND_BUCKETS,
      registers: [registry],
    });
    // Zero series exist from the start, so rate() and absent-free alerts work before the first result.
    for (const outcome of ['stored', 'duplicate'] as const) this.ingestResults.inc({ outcome }, 0);
  }

  /** One `check:finished` answered: stored/duplicate with its receive-to-ack time, or refused with its code. */
  ingestAnswered(outcome: TIngestOutcome, receivedAt: Date, code?: string): void {
    if (outcome === 'refused') {
      this.ingestResults.inc({ outcome, code: code ?? 'INTERNAL' });
      return;
    }
    this.ingestResults.inc({ outcome });
    this.ingestAck.observe({ outcome }, (Date.now() - receivedAt.getTime()) / 1000);
  }

  /** A host's delta went out to browsers, `delayMs` after its change was marked. */
  liveEmitted(delayMs: number): void {
    this.liveFanout.observe(delayMs / 1000);
  }

  /** A command reached its agent for the first time, `seconds` after it was created. */
  commandDelivered(kind: string, seconds: number): void {
    this.commandDelivery.observe({ kind }, seconds);
  }

  /** An agent acked a command (first time), `seconds` after it was created. */
  commandAcked(kind: string, outcome: string, seconds: number): void {
    this.commandApply.observe({ kind, outcome }, seconds);
  }
}
