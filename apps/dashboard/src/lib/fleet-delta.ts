import {
  hostMatchesFleetFilter,
  type TFleetFilter,
  type TFleetHost,
  type TFleetPage,
  type THostSummary,
} from '@standby/protocol';
import type { InfiniteData } from '@tanstack/react-query';

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
 * pages and rows keep their identity, so only changed rows render again. Whether a host matches is the
 * protocol's hostMatchesFleetFilter, the server's filter rule read from a summary (a host whose start
 * check runs stays in a status-filtered list meanwhile, see there).
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
      if (hostMatchesFleetFilter(update, filter)) hosts.push({ ...host, ...update });
    }
    return touched ? { ...page, hosts } : page;
  });
  const unseen = changed.filter((host) => !seen.has(host.id) && hostMatchesFleetFilter(host, filter)).length;
  return { data: { ...data, pages }, unseen, optionsChanged };
}
