/** How many agents run each version, and how many lag behind the newest one seen in the fleet. */
export interface TAgentVersionSummary {
  /** The highest version any agent reports; null when none reported one. */
  newest: string | null;
  /** Newest first. */
  versions: { version: string; agents: number; behindNewest: boolean }[];
  /** Agents on an older version than `newest`. */
  behind: number;
  /** Agents that never reported a version (never said hello). */
  unreported: number;
}

/**
 * Orders agent versions as numbers part by part ("0.10.0" after "0.9.2"); a part that is not a number
 * (a pre-release tag) sorts below the plain release, and text compares as text.
 */
export function compareAgentVersions(a: string, b: string): number {
  const left = a.split(/[.+-]/);
  const right = b.split(/[.+-]/);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const l = left[index];
    const r = right[index];
    if (l === r) continue;
    if (l === undefined) return 1;
    if (r === undefined) return -1;
    const ln = /^\d+$/.test(l) ? Number(l) : Number.NaN;
    const rn = /^\d+$/.test(r) ? Number(r) : Number.NaN;
    if (!Number.isNaN(ln) && !Number.isNaN(rn)) return ln - rn;
    if (!Number.isNaN(ln)) return 1;
    if (!Number.isNaN(rn)) return -1;
    return l < r ? -1 : 1;
  }
  return 0;
}

/** `counts`: agents per reported version (null: none reported yet). */
export function summarizeAgentVersions(
  counts: readonly { version: string | null; agents: number }[],
): TAgentVersionSummary {
  const reported = counts.filter(
    (entry): entry is { version: string; agents: number } => entry.version !== null && entry.agents > 0,
  );
  const sorted = [...reported].sort((a, b) => compareAgentVersions(b.version, a.version));
  const newest = sorted[0]?.version ?? null;
  const versions = sorted.map((entry) => ({
    version: entry.version,
    agents: entry.agents,
    behindNewest: newest !== null && compareAgentVersions(entry.version, newest) < 0,
  }));
  return {
    newest,
    versions,
    behind: versions.filter((entry) => entry.behindNewest).reduce((sum, entry) => sum + entry.agents, 0),
    unreported: counts
      .filter((entry) => entry.version === null)
      .reduce((sum, entry) => sum + entry.agents, 0),
  };
}
