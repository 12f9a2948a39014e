import type { TFindingSeverity, THostStatus, TSipServerMode } from '@standby/domain';
import type { TFleetFilter, TFleetSort, TSortDirection } from '@standby/protocol';

/** What the fleet page's controls hold; the search is debounced before it becomes part of the filter. */
export interface TFleetViewState {
  search: string;
  statuses: THostStatus[];
  mode: TSipServerMode | '';
  pendingRestartOnly: boolean;
  minSeverity: TFindingSeverity | '';
  sort: TFleetSort;
  direction: TSortDirection;
}

export const INITIAL_FLEET_VIEW: TFleetViewState = {
  search: '',
  statuses: [],
  mode: '',
  pendingRestartOnly: false,
  minSeverity: '',
  sort: 'pair',
  direction: 'asc',
};

export const FLEET_SORT_LABELS: Record<TFleetSort, string> = {
  pair: 'HA pair',
  hostname: 'Host name',
  status: 'Status',
  lastCheckAt: 'Last check',
};

/** The server filter for the controls' state (empty controls are left out). */
export function toFleetFilter(state: TFleetViewState, search: string): TFleetFilter {
  const filter: TFleetFilter = {};
  const trimmed = search.trim();
  if (trimmed) filter.search = trimmed;
  if (state.statuses.length) filter.statuses = state.statuses;
  if (state.mode) filter.mode = state.mode;
  if (state.pendingRestartOnly) filter.pendingRestart = true;
  if (state.minSeverity) filter.minSeverity = state.minSeverity;
  return filter;
}

/** The counts on top break the filtered fleet down by status, so they ignore the status filter itself. */
export function withoutStatuses(filter: TFleetFilter): TFleetFilter {
  const { statuses: _statuses, ...rest } = filter;
  return rest;
}

export function toggleStatus(statuses: THostStatus[], status: THostStatus): THostStatus[] {
  return statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status];
}
