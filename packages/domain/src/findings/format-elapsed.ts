const MINUTE_MS = 60_000;

/** "3 d 4 h", "2 h 5 min", "12 min": enough precision for "since when" in a finding. */
export function formatElapsed(ms: number): string {
  if (ms < MINUTE_MS) return 'under a minute';
  const totalMinutes = Math.floor(ms / MINUTE_MS);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min`;
}

/** ISO time plus how long ago, e.g. "2025-01-01T00:00:00.000Z (3 h 5 min ago)"; no "ago" if in the future. */
export function formatSince(since: Date, now: Date): string {
  const elapsed = now.getTime() - since.getTime();
  return elapsed >= 0 ? `${since.toISOString()} (${formatElapsed(elapsed)} ago)` : since.toISOString();
}
