'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { formatDateTime } from '@/lib/format';
import { describeHostEventChange, HOST_EVENT_LABELS } from '@/lib/host-events';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { BeforeAfter } from '../before-after';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { Section } from '../ui/section';
import { ToneBadge } from '../ui/tone-badge';

const EVENTS_PER_PAGE = 25;

/** What happened to the host besides checks: switchovers, starts, options changed outside Standby. */
export function HostEvents({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const events = useInfiniteQuery(
    trpc.host.events.infiniteQueryOptions(
      { hostId, limit: EVENTS_PER_PAGE },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = events.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <Section
      title="Host events"
      description="Switchovers, SIP Server starts, version changes and options changed outside Standby, newest first."
      testId="host-events"
    >
      {events.isError ? (
        <ErrorAlert>Could not load the host’s events: {describeError(events.error)}</ErrorAlert>
      ) : null}
      {events.isSuccess && items.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing happened to this host besides its checks.</p>
      ) : null}
      <ol className="divide-y divide-slate-100">
        {items.map((event) => (
          <li key={event.id} className="py-2" data-testid="host-event" data-kind={event.kind}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <time dateTime={event.at} className="text-xs text-slate-600">
                {formatDateTime(event.at)}
              </time>
              <ToneBadge tone={event.kind === 'outside-change' ? 'warning' : 'info'}>
                {HOST_EVENT_LABELS[event.kind] ?? event.kind}
              </ToneBadge>
              <span>{event.summary}</span>
            </div>
            <div className="mt-1">
              <BeforeAfter changes={describeHostEventChange(event)} />
            </div>
          </li>
        ))}
      </ol>
      <LoadMore
        hasMore={events.hasNextPage}
        loading={events.isFetchingNextPage}
        onLoad={() => void events.fetchNextPage()}
        label="Load older events"
      />
    </Section>
  );
}
