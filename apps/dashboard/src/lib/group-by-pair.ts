/**
 * Whether the host at `index` starts a new group of the list: both members of an HA pair sit together
 * (sorted by pair, they are neighbours), and a host without a pair is a group of its own.
 */
export function startsPairGroup(hosts: readonly { pairId: string | null }[], index: number): boolean {
  const host = hosts[index];
  const previous = hosts[index - 1];
  return !host?.pairId || !previous || previous.pairId !== host.pairId;
}
