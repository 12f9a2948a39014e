import type { TBaseline, TBaselineHost } from './baseline';

export interface TExportHost extends TBaselineHost {
  /** The options file as written now (only the options Standby manages). */
  configuredOptions: Readonly<Record<string, string | undefined>>;
}

/**
 * The fleet's configured options as a baseline that resolves, on every host, to exactly the values it
 * has: a fleet value where every host has it, else a pair value where every member of a pair has it,
 * host entries for the rest. An option a host does not set is not
 * written for it, so importing the export changes nothing.
 */
export function exportBaseline(hosts: readonly TExportHost[], options: readonly string[]): TBaseline {
  const fleet: Record<string, string> = {};
  const pairs: Record<string, Record<string, string>> = {};
  const hostEntries = new Map<TExportHost, Record<string, string>>();
  const byPair = new Map<string, TExportHost[]>();
  for (const host of hosts) {
    if (host.pairName) byPair.set(host.pairName, [...(byPair.get(host.pairName) ?? []), host]);
  }
  for (const option of options) {
    const fleetValue = sharedValue(hosts, option);
    if (fleetValue !== undefined && hosts.length > 0) {
      fleet[option] = fleetValue;
      continue;
    }
    const coveredByPair = new Set<TExportHost>();
    for (const [pairName, members] of byPair) {
      const pairValue = sharedValue(members, option);
      if (pairValue === undefined) continue;
      pairs[pairName] = { ...pairs[pairName], [option]: pairValue };
      for (const member of members) coveredByPair.add(member);
    }
    for (const host of hosts) {
      const value = host.configuredOptions[option];
      if (value === undefined || coveredByPair.has(host)) continue;
      hostEntries.set(host, { ...hostEntries.get(host), [option]: value });
    }
  }
  const nameCount = new Map<string, number>();
  for (const host of hosts) {
    const name = host.hostname.toLowerCase();
    nameCount.set(name, (nameCount.get(name) ?? 0) + 1);
  }
  const entries = [...hostEntries].map(([host, values]) => ({
    // A host name shared by two applications needs the application to tell them apart.
    match:
      (nameCount.get(host.hostname.toLowerCase()) ?? 0) > 1
        ? `${host.hostname}/${host.application}`
        : host.hostname,
    options: values,
  }));
  entries.sort((a, b) => a.match.localeCompare(b.match));
  return { fleet, pairs, hosts: entries };
}

/** The value every host sets for the option, or undefined when one differs or does not set it. */
function sharedValue(hosts: readonly TExportHost[], option: string): string | undefined {
  const first = hosts[0]?.configuredOptions[option];
  if (first === undefined) return undefined;
  return hosts.every((host) => host.configuredOptions[option] === first) ? first : undefined;
}
