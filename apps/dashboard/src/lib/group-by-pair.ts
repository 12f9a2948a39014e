export interface THostGroup<THost> {
  key: string;
  hosts: THost[];
}

/**
 * Neighbouring hosts of the same HA pair, as groups (sorted by pair, these are whole pairs); a host
 * without a pair is a group of its own.
 */
export function groupConsecutiveByPair<THost extends { id: string; pairId: string | null }>(
  hosts: readonly THost[],
): THostGroup<THost>[] {
  const groups: THostGroup<THost>[] = [];
  for (const host of hosts) {
    const last = groups[groups.length - 1];
    if (last && host.pairId && last.hosts[0]?.pairId === host.pairId) last.hosts.push(host);
    else groups.push({ key: host.pairId ? `${host.pairId}:${host.id}` : host.id, hosts: [host] });
  }
  return groups;
}
