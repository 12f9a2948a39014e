'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { LiveIndicator } from '../live-indicator';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { PageHeader } from '../ui/page-header';
import { PageLoading } from '../ui/page-loading';
import {
  findingsFilterFromSearch,
  findingsFilterToSearch,
  isFindingsFiltered,
  type TFindingsFilterState,
} from './findings-filter-state';
import { FindingsFilters } from './findings-filters';
import { FindingsTable } from './findings-table';
import { useLiveFindings } from './use-live-findings';

const FINDINGS_PER_PAGE = 100;

/** The fleet's current findings, by host name, filtered by severity and code (kept in the URL), kept live. */
export function FindingsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const filter = findingsFilterFromSearch(useSearchParams());
  const setFilter = (patch: Partial<TFindingsFilterState>) =>
    router.replace(`${pathname}${findingsFilterToSearch({ ...filter, ...patch })}`, { scroll: false });

  const input = {
    limit: FINDINGS_PER_PAGE,
    ...(filter.severity ? { severity: filter.severity } : {}),
    ...(filter.code ? { code: filter.code } : {}),
  };
  const findings = useInfiniteQuery({
    ...trpc.findings.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }),
    placeholderData: (previous) => previous,
  });
  const { live } = useLiveFindings();
  const items = findings.data?.pages.flatMap((page) => page.findings) ?? [];
  const hosts = new Set(items.map((finding) => finding.hostId)).size;
  const filtered = isFindingsFiltered(filter);

  return (
    <div className="space-y-5">
      <PageHeader
        title="Findings"
        description="What stands between each host and a backup that would serve, across the fleet."
        actions={<LiveIndicator live={live} />}
      />
      <FindingsFilters state={filter} onChange={setFilter} />
      {findings.isError ? (
        <ErrorAlert>Could not load the findings: {describeError(findings.error)}</ErrorAlert>
      ) : null}
      {findings.isPending ? (
        <PageLoading />
      ) : findings.isSuccess && items.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="findings-empty">
          {filtered ? 'No finding matches the filters.' : 'No findings: every host is as it should be.'}
        </p>
      ) : items.length ? (
        <>
          <FindingsTable findings={items} />
          <p className="text-xs text-slate-500" aria-live="polite" data-testid="findings-shown">
            Showing {items.length.toLocaleString()} {items.length === 1 ? 'finding' : 'findings'} on{' '}
            {hosts.toLocaleString()} {hosts === 1 ? 'host' : 'hosts'}
            {findings.hasNextPage ? ' (more to load)' : ''}.
          </p>
        </>
      ) : null}
      <LoadMore
        hasMore={findings.hasNextPage}
        loading={findings.isFetchingNextPage}
        onLoad={() => void findings.fetchNextPage()}
        label="Load more findings"
      />
    </div>
  );
}
