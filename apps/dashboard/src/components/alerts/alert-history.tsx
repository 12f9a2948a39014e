'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { HISTORY_FILTERS, historyKindsOf, type THistoryFilter } from '@/lib/alerts-history';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { SelectField } from '../ui/select-field';
import { AlertHistoryTable } from './alert-history-table';

/** The alert history, newest first, page by page, filtered by what happened; of one host with `hostId`. */
export function AlertHistory({ hostId, pageSize = 50 }: { hostId?: string; pageSize?: number }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<THistoryFilter>('all');
  const kinds = historyKindsOf(filter);
  const input = { limit: pageSize, ...(kinds ? { state: kinds } : {}), ...(hostId ? { hostId } : {}) };
  const history = useInfiniteQuery({
    ...trpc.alerts.history.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }),
    placeholderData: (previous) => previous,
    refetchInterval: 30_000,
  });
  const entries = history.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <div className="space-y-3">
      <search aria-label="Filter the alert history" className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Show"
          value={filter}
          onChange={(event) => setFilter(event.target.value as THistoryFilter)}
          className="w-48"
        >
          {HISTORY_FILTERS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      </search>
      {history.isError ? (
        <ErrorAlert>Could not load the alert history: {describeError(history.error)}</ErrorAlert>
      ) : null}
      {history.isSuccess && entries.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="alert-history-empty">
          {filter === 'all' ? 'No alert yet.' : 'No entry matches.'}
        </p>
      ) : null}
      {entries.length ? (
        <AlertHistoryTable
          entries={entries}
          showHost={!hostId}
          caption={hostId ? "This host's alert history, newest first" : undefined}
        />
      ) : null}
      <LoadMore
        hasMore={history.hasNextPage}
        loading={history.isFetchingNextPage}
        onLoad={() => void history.fetchNextPage()}
        label="Load older entries"
      />
    </div>
  );
}
