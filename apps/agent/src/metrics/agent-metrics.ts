import { CHECK_STATUSES, COMPONENT_NAMES } from '@standby/domain';
import type { TCheckResult, TCommandAck } from '@standby/protocol';
import { Counter, createMetricsRegistry, Gauge, Histogram, type Registry } from '@standby/telemetry';
import type { TDeliveryStatus, TLinkState } from '../link/dashboard-link';

/** What the metrics read from the dashboard link at scrape time (absent: the agent has no dashboard). */
export interface LinkView {
  readonly deliveryStatus: TDeliveryStatus;
  /** The hello on the current connection was acknowledged. */
  readonly connected: boolean;
  /** A socket to the dashboard is open. */
  readonly socketConnected: boolean;
}

export interface AgentMetricsOptions {
  application: string;
  agentVersion: string;
  /** The dashboard link, read at each scrape. */
  link?: () => LinkView | undefined;
  /** prom-client's process metrics (default on; off for the second and later agents of one process). */
  processMetrics?: boolean;
}

const LAST_STATUSES = [...CHECK_STATUSES, 'none'] as const;
const LINK_STATES: readonly TLinkState[] = ['connecting', 'connected', 'unreachable', 'refused'];
// A check lasts from milliseconds (primary, disabled) to its timeout (15 s to an hour).
const DURATION_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1_800, 3_600];

/**
 * One agent's Prometheus metrics (docs/METRICS.md). The check figures are set as checks finish; the
 * delivery figures are read from the link when scraped. Labels are fixed small sets (status,
 * component, outcome): an agent speaks for one host, so no host label is needed.
 */
export class AgentMetrics {
  readonly registry: Registry;
  private readonly lastVerdict: Gauge<'status'>;
  private readonly componentReady: Gauge<'component'>;
  private readonly checkDuration: Histogram;
  private readonly checks: Counter<'outcome'>;
  private readonly commands: Counter<'outcome'>;

  constructor(options: AgentMetricsOptions) {
    const registry = createMetricsRegistry({ processMetrics: options.processMetrics ?? true });
    this.registry = registry;
    const link = options.link ?? (() => undefined);

    new Gauge({
      name: 'standby_agent_info',
      help: 'Always 1: the agent version and the SIP Server application it checks',
      labelNames: ['version', 'application'],
      registers: [registry],
    }).set({ version: options.agentVersion, application: options.application }, 1);
    this.lastVerdict = new Gauge({
      name: 'standby_agent_last_verdict',
      help: 'The status of the last check: 1 for the status it reported, 0 for the others (none: no check yet)',
      labelNames: ['status'],
      registers: [registry],
    });
    this.showLastStatus('none');
    this.componentReady = new Gauge({
      name: 'standby_agent_component_ready_seconds',
      help: 'Time to ready of each component in the last check (absent for a component that did not become ready)',
      labelNames: ['component'],
      registers: [registry],
    });
    this.checkDuration = new Histogram({
      name: 'standby_agent_check_duration_seconds',
      help: 'How long each backup initialization check took',
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    this.checks = new Counter({
      name: 'standby_agent_checks_total',
      help: 'Checks finished, by outcome (RUNNING, SERVICE_UNAVAILABLE, or error when no result could be made)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    for (const outcome of [...CHECK_STATUSES, 'error']) this.checks.inc({ outcome }, 0);
    this.commands = new Counter({
      name: 'standby_agent_commands_total',
      help: 'Dashboard commands carried out, by outcome (applied, rejected: option changes; done, failed: run the check)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    for (const outcome of ['applied', 'rejected'] as const) this.commands.inc({ outcome }, 0);

    new Gauge({
      name: 'standby_agent_spool_pending',
      help: 'Results in the spool on disk not yet acknowledged by the dashboard',
      registers: [registry],
      collect() {
        this.set(link()?.deliveryStatus.pending ?? 0);
      },
    });
    new Gauge({
      name: 'standby_agent_dashboard_connected',
      help: '1 while a connection to the dashboard is open',
      registers: [registry],
      collect() {
        this.set(link()?.socketConnected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'standby_agent_dashboard_hello_acked',
      help: '1 while the dashboard has acknowledged this connection’s hello (results can be delivered)',
      registers: [registry],
      collect() {
        this.set(link()?.connected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'standby_agent_dashboard_link_state',
      help: 'The link state: 1 for the current one (connecting, connected, unreachable, refused)',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const state = link()?.deliveryStatus.link;
        for (const each of LINK_STATES) this.set({ state: each }, each === state ? 1 : 0);
      },
    });
    // The spool counts these on disk (they survive restarts); the counters follow it.
    monotonicFromSource(registry, {
      name: 'standby_agent_results_quarantined_total',
      help: 'Results the dashboard refused for good, moved to the spool’s quarantine/ (never resent)',
      read: () => link()?.deliveryStatus.quarantined,
    });
    monotonicFromSource(registry, {
      name: 'standby_agent_results_dropped_total',
      help: 'Results dropped because the spool was full',
      read: () => link()?.deliveryStatus.dropped,
    });
  }

  /** A check produced its result. */
  checkFinished(result: TCheckResult): void {
    this.showLastStatus(result.status);
    this.checks.inc({ outcome: result.status });
    this.checkDuration.observe(result.durationMs / 1000);
    for (const name of COMPONENT_NAMES) {
      const component = result.components.find((c) => c.name === name);
      if (component?.readyAfterMs != null && component.state === 'ready')
        this.componentReady.set({ component: name }, component.readyAfterMs / 1000);
      else this.componentReady.remove({ component: name });
    }
  }

  /** A check failed without a result (the options file unreadable, say). */
  checkFailed(): void {
    this.checks.inc({ outcome: 'error' });
  }

  /** A dashboard command was carried out. */
  commandAnswered(ack: TCommandAck): void {
    this.commands.inc({ outcome: ack.outcome });
  }

  private showLastStatus(status: (typeof LAST_STATUSES)[number]): void {
    for (const each of LAST_STATUSES) this.lastVerdict.set({ status: each }, each === status ? 1 : 0);
  }
}

/** A counter that follows a count kept elsewhere (never decreasing here, even if the source resets). */
function monotonicFromSource(
  registry: Registry,
  spec: { name: string; help: string; read: () => number | undefined },
): void {
  let seen = 0;
  new Counter({
    name: spec.name,
    help: spec.help,
    registers: [registry],
    collect() {
      const now = spec.read() ?? seen;
      if (now > seen) this.inc(now - seen);
      seen = Math.max(seen, now);
    },
  });
}
