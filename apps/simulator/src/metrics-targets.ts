import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SimulatedSipHost } from './simulated-host';

export const AGENT_TARGETS_FILE = 'prometheus-agent-targets.json';

/**
 * Writes the fleet's agent /metrics addresses as a Prometheus file_sd target list (docs/METRICS.md):
 * a local Prometheus scrapes the demo's agents with `file_sd_configs` pointing at this file.
 * Returns its path, or undefined when no agent exposes metrics.
 */
export async function writeAgentTargets(
  dir: string,
  hosts: readonly SimulatedSipHost[],
): Promise<string | undefined> {
  const groups = hosts
    .filter((host) => host.metricsPort !== undefined)
    .map((host) => ({
      targets: [`127.0.0.1:${host.metricsPort}`],
      // Prometheus-side labels: the scraper's, not the agent's (its own metrics carry no host label).
      labels: { application: host.spec.application, hostname: host.spec.hostname },
    }));
  if (groups.length === 0) return undefined;
  const file = path.join(dir, AGENT_TARGETS_FILE);
  await writeFile(file, `${JSON.stringify(groups, null, 2)}\n`);
  return file;
}
