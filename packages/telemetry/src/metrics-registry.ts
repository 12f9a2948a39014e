import { collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface CreateMetricsRegistryOptions {
  /**
   * prom-client's process and Node.js metrics (`process_*`, `nodejs_*`: CPU, memory, file
   * descriptors, GC, event-loop lag). Their standard names are kept so stock Node.js dashboards work.
   * Off where several instances share one process (the simulator's agents): the first one reports them.
   */
  processMetrics?: boolean;
}

/** Resolution of the event-loop lag histogram (prom-client's default is 10 ms). */
const EVENT_LOOP_PRECISION_MS = 10;

/**
 * A registry of its own per instance (never prom-client's global one): two dashboards or agents in
 * one test process must not count into each other's metrics.
 */
export function createMetricsRegistry(options: CreateMetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.processMetrics ?? true)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_PRECISION_MS });
  return registry;
}
