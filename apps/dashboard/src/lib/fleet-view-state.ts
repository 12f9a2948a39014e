import type { TFindingSeverity, THostStatus, THostVerdict, TSipServerMode } from '@standby/domain';
import type { TFleetFilter, TFleetSort, TSortDirection } from '@standby/protocol';

/** What the fleet page's controls hold; the search is debounced before it becomes part of the filter. */
export interface TFleetViewState {
  search: string;
  /** The headline: the fleet's verdicts (cards on top). */
  verdicts: THostVerdict[];
  /** What the SIP Servers report (a select in the toolbar; secondary to the verdict). */
  statuses: THostStatus[];
  mode: TSipServerMode | '';
  pendingRestartOnly: boolean;
  minSeverity: TFindingSeverity | '';
  sort: TFleetSort;
  direction: TSortDirection;
}

export const INITIAL_FLEET_VIEW: TFleetViewState = {
  search: '',
  verdicts: [],
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
  if (state.verdicts.length) filter.verdicts = state.verdicts;
  if (state.statuses.length) filter.statuses = state.statuses;
  if (state.mode) filter.mode = state.mode;
  if (state.pendingRestartOnly) filter.pendingRestart = true;
  if (state.minSeverity) filter.minSeverity = state.minSeverity;
  return filter;
}

/** The counts on top break the filtered fleet down by verdict, so they ignore the verdict filter itself. */
export function withoutVerdicts(filter: TFleetFilter): TFleetFilter {
  const { verdicts: _verdicts, ...rest } = filter;
  return rest;
}

export function toggleVerdict(verdicts: THostVerdict[], verdict: THostVerdict): THostVerdict[] {
  return verdicts.includes(verdict) ? verdicts.filter((v) => v !== verdict) : [...verdicts, verdict];
}

/** Whether any control narrows the list (sort and direction do not). */
export function isFiltered(state: TFleetViewState): boolean {
  return Boolean(
    state.search ||
      state.verdicts.length ||
      state.statuses.length ||
      state.mode ||
      state.pendingRestartOnly ||
      state.minSeverity,
  );
}

/** How many hosts the list holds in all: the verdict counts already apply every other filter. */
export function filteredTotal(
  counts: { total: number; byVerdict?: Partial<Record<string, number>> },
  verdicts: readonly string[],
): number {
  if (verdicts.length === 0) return counts.total;
  return verdicts.reduce((sum, verdict) => sum + (counts.byVerdict?.[verdict] ?? 0), 0);
}
