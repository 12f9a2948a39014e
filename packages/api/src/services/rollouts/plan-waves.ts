import type { TRolloutPlan, TWaveSize } from '@standby/protocol';

export interface TRolloutHost {
  hostId: string;
  hostname: string;
  pairName: string | null;
}

/**
 * The order hosts are rolled out in: one member of every HA pair before any second member, so a wave
 * (the canary above all) never holds both sides of a pair while others remain; then by pair and name.
 */
export function rolloutOrder<T extends TRolloutHost>(hosts: readonly T[]): T[] {
  const byName = [...hosts].sort(
    (a, b) => (a.pairName ?? '').localeCompare(b.pairName ?? '') || a.hostname.localeCompare(b.hostname),
  );
  const seen = new Map<string, number>();
  const ranked = byName.map((host, position) => {
    const key = host.pairName ?? `\u0000${host.hostId}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return { host, rank, position };
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.position - b.position).map(({ host }) => host);
}

/** Hosts in a wave of `size` out of `total` (a percentage rounds up): at least one. */
export function waveHostCount(size: TWaveSize, total: number): number {
  const count = size.unit === 'hosts' ? size.value : Math.ceil((size.value * total) / 100);
  return Math.max(1, count);
}

/** Splits the ordered hosts into the canary wave and the next waves of the plan's size. */
export function planWaves<T>(ordered: readonly T[], plan: Pick<TRolloutPlan, 'canary' | 'next'>): T[][] {
  if (ordered.length === 0) return [];
  const waves: T[][] = [];
  const canary = Math.min(ordered.length, waveHostCount(plan.canary, ordered.length));
  waves.push(ordered.slice(0, canary));
  const step = waveHostCount(plan.next, ordered.length);
  for (let start = canary; start < ordered.length; start += step)
    waves.push(ordered.slice(start, start + step));
  return waves;
}
