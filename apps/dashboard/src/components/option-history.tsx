'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { formatDateTime } from '@/lib/format';
import { useHasRole } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { ChangeActor } from './change-actor';
import { DeliveryStateBadge } from './delivery-state-badge';
import { RevertButton } from './options/revert-button';
import { DataTable } from './ui/data-table';
import { ErrorAlert } from './ui/error-alert';
import { LoadMore } from './ui/load-more';
import { Section } from './ui/section';

const CHANGES_PER_PAGE = 25;

/**
 * Every option change of a host or pair, newest first: before/after, who (or "outside Standby" for an
 * edit of the options file by something else), why, and its delivery state.
 */
export function OptionHistory({ scope }: { scope: { hostId: string } | { pairId: string } }) {
  const trpc = useTRPC();
  const changes = useInfiniteQuery(
    trpc.changes.list.infiniteQueryOptions(
      { ...scope, limit: CHANGES_PER_PAGE },
      { getNextPageParam: (last) => last.nextCursor },
    ),
  );
  const items = changes.data?.pages.flatMap((page) => page.changes) ?? [];
  const showHost = 'pairId' in scope;
  // Operators revert any change in one click (with a confirmation); viewers only read the history.
  const canRevert = useHasRole('operator');
  return (
    <Section
      title="Option history"
      description="Every change, from Standby or made outside it, with its before and after values and its delivery state."
    >
      {changes.isError ? (
        <ErrorAlert>Could not load the history: {describeError(changes.error)}</ErrorAlert>
      ) : null}
      {changes.isSuccess && items.length === 0 ? (
        <p className="text-sm text-slate-500">No option change yet.</p>
      ) : null}
      {items.length ? (
        <div className="overflow-x-auto">
          <DataTable
            caption="Option changes, newest first"
            columns={[
              { label: 'When' },
              showHost && { label: 'Host' },
              { label: 'Change' },
              { label: 'By' },
              { label: 'Reason' },
              { label: 'State' },
              canRevert && { label: 'Revert' },
            ]}
            layout="inline"
            testId="option-history"
          >
            <tbody className="divide-y divide-slate-100">
              {items.map((change) => (
                <tr
                  key={change.id}
                  data-change={change.id}
                  data-testid="history-row"
                  data-state={change.state}
                  data-source={change.source}
                >
                  <td className="whitespace-nowrap py-1.5 pr-3 text-xs text-slate-600">
                    {formatDateTime(change.createdAt)}
                  </td>
                  {showHost ? <td className="py-1.5 pr-3">{change.hostname}</td> : null}
                  <td className="py-1.5 pr-3 font-mono text-xs">
                    {change.option}: <span className="text-slate-500">{change.oldValue ?? 'not set'}</span> →{' '}
                    <strong>{change.newValue}</strong>
                    {change.revertsChangeId ? (
                      <div className="font-sans text-slate-500" data-testid="reverts">
                        reverts change #{change.revertsChangeId}
                      </div>
                    ) : null}
                  </td>
                  <td className="py-1.5 pr-3 text-xs">
                    <ChangeActor change={change} />
                  </td>
                  <td className="py-1.5 pr-3 text-xs text-slate-600">{change.reason ?? '—'}</td>
                  <td className="py-1.5">
                    <DeliveryStateBadge state={change.state} />
                    {change.stateReason ? (
                      <div
                        className={`mt-0.5 text-xs ${change.state === 'rejected' ? 'text-red-700' : 'text-slate-600'}`}
                      >
                        {change.stateReason}
                      </div>
                    ) : null}
                  </td>
                  {canRevert ? (
                    <td className="py-1.5 pl-3">
                      <RevertButton
                        selection={{ changeIds: [change.id] }}
                        what={`change #${change.id} (${change.option} back to ${change.oldValue ?? 'its default'})`}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </DataTable>
        </div>
      ) : null}
      <LoadMore
        hasMore={changes.hasNextPage}
        loading={changes.isFetchingNextPage}
        onLoad={() => void changes.fetchNextPage()}
        label="Load older changes"
      />
    </Section>
  );
}
