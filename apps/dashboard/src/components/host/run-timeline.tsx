'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { Section } from '../ui/section';
import { RunCard } from './run-card';

const RUNS_PER_PAGE = 20;

/** The host's check runs, newest first, keyset paged. */
export function RunTimeline({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const runs = useInfiniteQuery(
    trpc.host.runs.infiniteQueryOptions(
      { hostId, limit: RUNS_PER_PAGE },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = runs.data?.pages.flatMap((page) => page.runs) ?? [];
  return (
    <Section
      title="Check runs"
      description="Newest first. Each bar ends at the run’s timeout."
      testId="run-timeline"
    >
      {runs.isError ? <ErrorAlert>Could not load the runs: {describeError(runs.error)}</ErrorAlert> : null}
      {runs.isPending ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {runs.isSuccess && items.length === 0 ? (
        <p className="text-sm text-slate-500">No check has run yet.</p>
      ) : null}
      <div className="divide-y divide-slate-100">
        {items.map((run) => (
          <RunCard key={run.id} run={run} />
        ))}
      </div>
      <LoadMore
        hasMore={runs.hasNextPage}
        loading={runs.isFetchingNextPage}
        onLoad={() => void runs.fetchNextPage()}
        label="Load older runs"
      />
    </Section>
  );
}
