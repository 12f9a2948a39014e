import type { TFleetFilter, TFleetHost, TFleetPage, THostSummary } from '@standby/protocol';
import type { InfiniteData } from '@tanstack/react-query';

/**
 * Whether a live summary still belongs in a list loaded with `filter` — the browser's reading of the
 * server's fleet filter, for the fields a summary carries (a pair filter cannot be checked: kept).
 */
export function hostMatchesFilter(host: THostSummary, filter: TFleetFilter): boolean {
  // The verdict is stored with the host and carried by every delta: a host whose verdict changes leaves
  // (or, through `unseen`, joins) a verdict-filtered list at once, as the server would list it.
  if (filter.verdicts && !filter.verdicts.includes(host.verdict)) return false;
  // A check in progress shows INITIALIZING live, but the host keeps the stored status it was listed
  // by: do not drop it from a status-filtered list while the check runs.
  if (filter.statuses && host.status !== 'INITIALIZING' && !filter.statuses.includes(host.status))
    return false;
  if (filter.mode && host.mode !== filter.mode) return false;
  if (filter.pendingRestart !== undefined && host.pendingRestart !== filter.pendingRestart) return false;
  if (filter.minSeverity) {
    const { critical, warning, info } = host.findings;
    const worst = { critical, warning: critical + warning, info: critical + warning + info }[
      filter.minSeverity
    ];
    if (worst === 0) return false;
  }
  const needle = filter.search?.trim().toLowerCase();
  if (needle) {
    const fields = [host.hostname, host.application, host.pair ?? ''];
    if (!fields.some((field) => field.toLowerCase().includes(needle))) return false;
  }
  return true;
}

export type TFleetPages = InfiniteData<TFleetPage, string | null>;

export interface TFleetMergeOutcome {
  data: TFleetPages;
  /** Changed hosts that match the filter but are on no loaded page (new, or further down). */
  unseen: number;
  /**
   * Loaded hosts whose pending restart just ended: their effective options changed, which a delta does
   * not carry (the list is read again for them).
   */
  optionsChanged: number;
}

/**
 * Applies a `fleet:delta` to the loaded pages: changed hosts are updated in place (keeping what only
 * fleet.page carries, such as options), hosts that no longer match the filter leave the list. Untouched
 * pages and rows keep their identity, so only changed rows render again.
 */
export function mergeFleetDelta(
  data: TFleetPages,
  changed: readonly THostSummary[],
  filter: TFleetFilter,
): TFleetMergeOutcome {
  const byId = new Map(changed.map((host) => [host.id, host]));
  const seen = new Set<string>();
  let optionsChanged = 0;
  const pages = data.pages.map((page) => {
    let touched = false;
    const hosts: TFleetHost[] = [];
    for (const host of page.hosts) {
      const update = byId.get(host.id);
      if (!update) {
        hosts.push(host);
        continue;
      }
      seen.add(host.id);
      touched = true;
      if (host.pendingRestart && !update.pendingRestart) optionsChanged++;
      if (hostMatchesFilter(update, filter)) hosts.push({ ...host, ...update });
    }
    return touched ? { ...page, hosts } : page;
  });
  const unseen = changed.filter((host) => !seen.has(host.id) && hostMatchesFilter(host, filter)).length;
  return { data: { ...data, pages }, unseen, optionsChanged };
}
