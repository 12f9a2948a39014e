'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { PageHeader } from '../ui/page-header';
import { AuditFilters, EMPTY_AUDIT_FILTER, type TAuditFilterState } from './audit-filters';
import { AuditTable } from './audit-table';

const EVENTS_PER_PAGE = 100;

/** The audit log, newest first, filtered by action and target. */
export function AuditView() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<TAuditFilterState>(EMPTY_AUDIT_FILTER);
  const debounced = useDebouncedValue(filter, 300);
  const input = {
    limit: EVENTS_PER_PAGE,
    ...(debounced.action.trim() ? { action: debounced.action.trim() } : {}),
    ...(debounced.targetType ? { targetType: debounced.targetType } : {}),
    ...(debounced.targetId.trim() ? { targetId: debounced.targetId.trim() } : {}),
  };
  const events = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }),
    placeholderData: (previous) => previous,
  });
  const items = events.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <div className="space-y-5">
      <PageHeader title="Audit log" description="Who did what, when, with the values before and after." />
      <AuditFilters state={filter} onChange={(patch) => setFilter((current) => ({ ...current, ...patch }))} />
      {events.isError ? (
        <ErrorAlert>Could not load the audit log: {describeError(events.error)}</ErrorAlert>
      ) : null}
      {events.isSuccess && items.length === 0 ? (
        <p className="text-sm text-slate-500">No event matches.</p>
      ) : (
        <AuditTable events={items} />
      )}
      <LoadMore
        hasMore={events.hasNextPage}
        loading={events.isFetchingNextPage}
        onLoad={() => void events.fetchNextPage()}
        label="Load older events"
      />
    </div>
  );
}
