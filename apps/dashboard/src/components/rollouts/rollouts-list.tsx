'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { RelativeTime } from '../relative-time';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { PageLoading } from '../ui/page-loading';
import { RolloutStateBadge } from './rollout-state-badge';

/** Every staged rollout, newest first, refreshed every 2 s (a rollout moves on its own). */
export function RolloutsList() {
  const trpc = useTRPC();
  const rollouts = useQuery({ ...trpc.rollouts.list.queryOptions({}), refetchInterval: 2_000 });
  return (
    <div className="space-y-4">
      <PageHeader
        title="Rollouts"
        description="Option changes sent in waves: a canary first, the next wave only once the previous one passed the check after its restart."
      />
      {rollouts.error ? <ErrorAlert>{describeError(rollouts.error)}</ErrorAlert> : null}
      {!rollouts.data ? (
        <PageLoading />
      ) : rollouts.data.length === 0 ? (
        <p className="text-sm text-slate-600">
          No rollout yet. Choose “Roll out in waves” when changing options on a pair, a selection or the
          fleet.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <DataTable
            caption="Rollouts"
            testId="rollouts-table"
            columns={[
              { label: 'State' },
              { label: 'Values' },
              { label: 'Hosts' },
              { label: 'Wave' },
              { label: 'By' },
              { label: 'Started' },
            ]}
          >
            <tbody className="divide-y divide-slate-100">
              {rollouts.data.map((rollout) => (
                <tr key={rollout.id} data-testid="rollout-row">
                  <td className="px-3 py-2">
                    <Link href={`/rollouts/${rollout.id}`} className="underline-offset-2 hover:underline">
                      <RolloutStateBadge state={rollout.state} />
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">
                    <Link href={`/rollouts/${rollout.id}`} className="hover:underline">
                      {Object.entries(rollout.values)
                        .map(([name, value]) => `${name} = ${value}`)
                        .join(', ')}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{rollout.totalHosts}</td>
                  <td className="px-3 py-2">
                    {Math.min(rollout.currentWave, rollout.waves)} of {rollout.waves}
                  </td>
                  <td className="px-3 py-2">{rollout.actorLabel}</td>
                  <td className="px-3 py-2">
                    <RelativeTime iso={rollout.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </div>
      )}
    </div>
  );
}
