'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { describeChangeOutcome, describeFailure, describeOptionChanges } from '@/lib/change-outcome-text';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { RelativeTime } from '../relative-time';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { ToneBadge } from '../ui/tone-badge';
import { ChangeTallyBadge } from './change-tally-badge';

/** Refreshed while hosts restart and check: the outcome grows as runs arrive. */
const REFRESH_MS = 10_000;

/** One change and, host by host, what followed it: applied, restarted, the check since. */
export function ChangeDetailView({ changeId }: { changeId: string }) {
  const trpc = useTRPC();
  const change = useQuery({
    ...trpc.changes.outcome.queryOptions({ requestId: changeId }),
    refetchInterval: REFRESH_MS,
  });
  if (change.isError)
    return (
      <ErrorAlert>
        Could not load change #{changeId}: {describeError(change.error)}
      </ErrorAlert>
    );
  if (!change.data) return <p className="text-sm text-slate-500">Loading change #{changeId}…</p>;
  const detail = change.data;
  return (
    <div className="space-y-5">
      <PageHeader
        title={`Change #${detail.id}`}
        description={
          <>
            By {detail.actorLabel}, <RelativeTime iso={detail.createdAt.toISOString()} />
            {detail.reason ? ` — “${detail.reason}”` : ''}
            {detail.rolloutId ? (
              <>
                {' '}
                (wave {(detail.wave ?? 0) + 1} of{' '}
                <Link className="text-sky-700 hover:underline" href={`/rollouts/${detail.rolloutId}`}>
                  a rollout
                </Link>
                )
              </>
            ) : null}
          </>
        }
        actions={<ChangeTallyBadge tally={detail.tally} />}
      />
      <p className="text-base font-medium" data-testid="change-outcome-summary">
        {describeChangeOutcome(detail.id, detail.tally)}
      </p>
      <p className="text-sm text-slate-600">
        A run counts for the change when its SIP Server started after the change was applied (until the
        host&apos;s next change).
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <DataTable
          caption={`Hosts of change #${detail.id}`}
          columns={[
            { label: 'Host' },
            { label: 'Change' },
            { label: 'State' },
            { label: 'Restarted' },
            { label: 'Before' },
            { label: 'Since the change' },
          ]}
        >
          <tbody className="divide-y divide-slate-100">
            {detail.hosts.map((host) => (
              <tr key={host.commandId} data-testid="change-host-row">
                <td className="px-3 py-2">
                  <Link className="text-sky-700 hover:underline" href={`/hosts/${host.hostId}`}>
                    {host.hostname}
                  </Link>
                  <span className="ml-1 text-xs text-slate-500">{host.application}</span>
                </td>
                <td className="px-3 py-2 font-mono text-xs">{describeOptionChanges(host.changes)}</td>
                <td className="px-3 py-2">
                  {host.state}
                  {host.stateReason ? (
                    <span className="block text-xs text-slate-500">{host.stateReason}</span>
                  ) : null}
                </td>
                <td className="px-3 py-2">{host.restarted ? 'yes' : 'not yet'}</td>
                <td className="px-3 py-2">{host.statusBefore ?? '—'}</td>
                <td className="px-3 py-2">
                  {host.failure ? (
                    <>
                      <ToneBadge tone="danger">{host.newFailure ? 'new failure' : 'fails'}</ToneBadge>{' '}
                      <span className="text-sm">{describeFailure(host.failure)}</span>
                    </>
                  ) : host.statusAfter ? (
                    <ToneBadge tone="success">
                      passed ({host.linkedRuns} run{host.linkedRuns === 1 ? '' : 's'})
                    </ToneBadge>
                  ) : (
                    <span className="text-slate-500">no check since a restart</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </div>
    </div>
  );
}
