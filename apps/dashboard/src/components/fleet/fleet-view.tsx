'use client';

import type { TFleetHost } from '@standby/protocol';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { fleetPageQueryOptions, type TFleetPageQueryInput } from '@/lib/fleet-page-query';
import {
  filteredTotal,
  INITIAL_FLEET_VIEW,
  type TFleetViewState,
  toFleetFilter,
  toggleVerdict,
  withoutVerdicts,
} from '@/lib/fleet-view-state';
import { useHasRole } from '@/lib/session';
import { useTRPC, useTRPCClient } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useHostSelection } from '@/lib/use-host-selection';
import { useLiveFleet } from '@/lib/use-live-fleet';
import { AgentVersionSkew } from '../agent-version-skew';
import { LiveIndicator } from '../live-indicator';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { PageHeader } from '../ui/page-header';
import { ExportLinks } from './export-links';
import { FleetCounts } from './fleet-counts';
import { FleetSelectionEditor } from './fleet-selection-editor';
import { FleetTable } from './fleet-table';
import { FleetToolbar } from './fleet-toolbar';
import { SelectionBar } from './selection-bar';

const SEARCH_DEBOUNCE_MS = 250;

/** The fleet page: counts, filters, the keyset-paged host list kept live, selection and the options editor. */
export function FleetView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const canEdit = useHasRole('operator');
  const [view, setView] = useState<TFleetViewState>(INITIAL_FLEET_VIEW);
  const search = useDebouncedValue(view.search, SEARCH_DEBOUNCE_MS);
  const input = useMemo<TFleetPageQueryInput>(
    () => ({ filter: toFleetFilter(view, search), sort: view.sort, direction: view.direction }),
    [view, search],
  );

  const pages = useInfiniteQuery({
    ...fleetPageQueryOptions(client, input),
    placeholderData: (previous) => previous,
  });
  const counts = useQuery(trpc.fleet.counts.queryOptions({ filter: withoutVerdicts(input.filter) }));
  const { live } = useLiveFleet(input);
  const selection = useHostSelection<TFleetHost>();
  const [editing, setEditing] = useState(false);

  const loaded = useMemo(() => pages.data?.pages.map((page) => page.hosts) ?? [], [pages.data]);
  const shown = loaded.reduce((sum, page) => sum + page.length, 0);
  const total = counts.data?.total ?? 0;
  const emptyText = pages.isPending
    ? 'Loading…'
    : total === 0 && Object.keys(withoutVerdicts(input.filter)).length === 0
      ? 'No agent has reported yet.'
      : 'No host matches the filters.';

  return (
    <div className="space-y-5">
      <PageHeader
        title="Fleet"
        description="Would every backup SIP Server serve if it were promoted now?"
        actions={
          <>
            <LiveIndicator live={live} />
            <ExportLinks />
          </>
        }
      />
      <FleetCounts
        counts={counts.data}
        activeVerdicts={view.verdicts}
        onToggleVerdict={(verdict) =>
          setView((v) => ({ ...v, verdicts: toggleVerdict(v.verdicts, verdict) }))
        }
      />
      <AgentVersionSkew onlyWhenSkewed />
      <FleetToolbar state={view} onChange={(patch) => setView((v) => ({ ...v, ...patch }))} />
      {canEdit ? (
        <SelectionBar
          count={selection.hosts.length}
          editing={editing}
          onEdit={() => setEditing(true)}
          onClear={() => {
            selection.clear();
            setEditing(false);
          }}
        />
      ) : null}
      {canEdit && editing && selection.hosts.length ? (
        <FleetSelectionEditor selected={selection.hosts} onClose={() => setEditing(false)} />
      ) : null}
      {pages.isError ? <ErrorAlert>Could not load the fleet: {describeError(pages.error)}</ErrorAlert> : null}
      {counts.isError ? (
        <ErrorAlert>Could not count the fleet: {describeError(counts.error)}</ErrorAlert>
      ) : null}
      <FleetTable pages={loaded} selection={canEdit ? selection : undefined} emptyText={emptyText} />
      <p className="text-xs text-slate-500" aria-live="polite">
        Showing {shown.toLocaleString()}
        {counts.data ? ` of ${filteredTotal(counts.data, view.verdicts).toLocaleString()}` : ''} hosts.
      </p>
      <LoadMore
        auto
        hasMore={pages.hasNextPage}
        loading={pages.isFetchingNextPage}
        onLoad={() => void pages.fetchNextPage()}
        label="Load more hosts"
      />
    </div>
  );
}
