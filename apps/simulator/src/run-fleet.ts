import { type AgentInstance, startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import type { SimulatedHostSpec } from './simulated-host';
import { SimulatedSipHost } from './simulated-host';

export interface RunningFleet {
  hosts: SimulatedSipHost[];
  agents: AgentInstance[];
  /** The host of an application (for scripted switchovers and restarts). */
  hostOf(application: string): SimulatedSipHost | undefined;
  stop(): Promise<void>;
}

/** Starts simulated hosts and, for each, a real agent instance with its own socket connection. */
export async function runFleet(options: {
  specs: SimulatedHostSpec[];
  dir: string;
  dashboardUrl: string;
  enrollmentToken: string;
  intervalSec?: number;
  /** Re-use the credentials and spools an earlier run kept in `dir` (see SimulatedHostDashboard). */
  keepEnrollments?: boolean;
  /** Each agent serves /metrics on a loopback port of its own (host.metricsPort). */
  metrics?: boolean;
  log?: (line: string) => void;
}): Promise<RunningFleet> {
  const hosts = await Promise.all(
    options.specs.map((spec) =>
      SimulatedSipHost.create(options.dir, options.metrics ? { ...spec, exposeMetrics: true } : spec, {
        url: options.dashboardUrl,
        enrollmentToken: options.enrollmentToken,
        keepEnrollment: options.keepEnrollments ?? false,
      }),
    ),
  );
  await Promise.all(hosts.map((host) => host.start()));
  const agents = await Promise.all(
    hosts.map(async (host, index) => {
      const config = await loadAgentConfig(host.configPath);
      if (options.intervalSec) config.agent.intervalSec = options.intervalSec;
      return startAgent({
        config,
        log: (line) => options.log?.(`[${host.spec.application}] ${line}`),
        // One process runs every agent: its process metrics are reported once, by the first.
        processMetrics: index === 0,
      });
    }),
  );
  return {
    hosts,
    agents,
    hostOf: (application) => hosts.find((host) => host.spec.application === application),
    stop: async () => {
      await Promise.all(agents.map((agent) => agent.stop()));
      await Promise.all(hosts.map((host) => host.dispose()));
    },
  };
}
