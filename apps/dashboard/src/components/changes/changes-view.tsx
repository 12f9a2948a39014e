'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { RelativeTime } from '../relative-time';
import { CheckboxField } from '../ui/checkbox-field';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { PageHeader } from '../ui/page-header';
import { ChangeTallyBadge } from './change-tally-badge';

const CHANGES_PER_PAGE = 25;

/** Every option change, newest first, with what followed it; changes followed by new failures flagged. */
export function ChangesView() {
  const trpc = useTRPC();
  const [onlyNewFailures, setOnlyNewFailures] = useState(false);
  const changes = useInfiniteQuery({
    ...trpc.changes.requests.infiniteQueryOptions(
      { limit: CHANGES_PER_PAGE, onlyNewFailures },
      { getNextPageParam: (last) => last.nextCursor },
    ),
    placeholderData: (previous) => previous,
  });
  const items = changes.data?.pages.flatMap((page) => page.changes) ?? [];
  return (
    <div className="space-y-5">
      <PageHeader
        title="Changes"
        description="Each option change and what followed on its hosts: applied, restarted with the new values, and failing the check since."
      />
      <CheckboxField
        label="Only changes followed by a new failure (a host that passed before and fails after)"
        checked={onlyNewFailures}
        onChange={(event) => setOnlyNewFailures(event.target.checked)}
      />
      {changes.isError ? (
        <ErrorAlert>Could not load the changes: {describeError(changes.error)}</ErrorAlert>
      ) : null}
      {changes.isSuccess && items.length === 0 ? (
        <p className="text-sm text-slate-500">
          No change {onlyNewFailures ? 'followed by a new failure' : 'yet'}.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <DataTable
            caption="Option changes"
            testId="changes-table"
            columns={[
              { label: 'Change' },
              { label: 'When' },
              { label: 'By' },
              { label: 'Values' },
              { label: 'Hosts' },
              { label: 'Applied' },
              { label: 'Restarted' },
              { label: 'Failing' },
              { label: 'Outcome' },
            ]}
          >
            <tbody className="divide-y divide-slate-100">
              {items.map((change) => (
                <tr key={change.id} data-testid="change-row">
                  <td className="px-3 py-2 font-medium">
                    <Link className="text-sky-700 hover:underline" href={`/changes/${change.id}`}>
                      #{change.id}
                    </Link>
                    {change.rolloutId ? (
                      <Link
                        className="ml-2 text-xs text-slate-500 hover:underline"
                        href={`/rollouts/${change.rolloutId}`}
                      >
                        rollout wave {(change.wave ?? 0) + 1}
                      </Link>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    <RelativeTime iso={change.createdAt.toISOString()} />
                  </td>
                  <td className="px-3 py-2">{change.actorLabel}</td>
                  <td className="px-3 py-2 font-mono text-xs">
                    {Object.entries(change.values)
                      .map(([option, value]) => `${option}=${value}`)
                      .join(' ')}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{change.tally.hosts}</td>
                  <td className="px-3 py-2 tabular-nums">{change.tally.applied}</td>
                  <td className="px-3 py-2 tabular-nums">{change.tally.restarted}</td>
                  <td className="px-3 py-2 tabular-nums">{change.tally.failing}</td>
                  <td className="px-3 py-2">
                    <ChangeTallyBadge tally={change.tally} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </div>
      )}
      <LoadMore
        hasMore={changes.hasNextPage}
        loading={changes.isFetchingNextPage}
        onLoad={() => void changes.fetchNextPage()}
        label="Load older changes"
      />
    </div>
  );
}
