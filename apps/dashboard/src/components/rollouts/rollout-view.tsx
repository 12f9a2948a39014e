'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { pluralize } from '@/lib/format';
import { useHasRole } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { RelativeTime } from '../relative-time';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { PageLoading } from '../ui/page-loading';
import { Section } from '../ui/section';
import { RolloutActions } from './rollout-actions';
import { RolloutStateBadge } from './rollout-state-badge';

const waveName = (index: number) => (index === 0 ? 'Canary' : `Wave ${index + 1}`);

/** One rollout, live (refreshed every 2 s): its state and why, each wave's tally, the hosts' standing. */
export function RolloutView({ rolloutId }: { rolloutId: string }) {
  const trpc = useTRPC();
  const canOperate = useHasRole('operator');
  const rollout = useQuery({ ...trpc.rollouts.get.queryOptions({ rolloutId }), refetchInterval: 2_000 });
  if (rollout.error) return <ErrorAlert>{describeError(rollout.error)}</ErrorAlert>;
  const data = rollout.data;
  if (!data) return <PageLoading />;
  const halt = [
    data.haltCount ? pluralize(data.haltCount, 'host') : null,
    data.haltPercent ? `${data.haltPercent}% of a wave` : null,
  ].filter(Boolean);
  return (
    <div className="space-y-4">
      <PageHeader
        title={
          <span className="inline-flex items-center gap-3">
            Rollout <RolloutStateBadge state={data.state} testId="rollout-state" />
          </span>
        }
        description={
          <>
            <span className="font-mono text-xs">
              {Object.entries(data.values)
                .map(([name, value]) => `${name} = ${value}`)
                .join(', ')}
            </span>{' '}
            to {pluralize(data.totalHosts, 'host')} in {pluralize(data.waves, 'wave')}, by {data.actorLabel},{' '}
            <RelativeTime iso={data.createdAt} />.{data.reason ? ` Reason: ${data.reason}` : ''}
          </>
        }
        actions={canOperate ? <RolloutActions rolloutId={rolloutId} state={data.state} /> : null}
      />
      {data.stateReason ? (
        <p
          role="status"
          data-testid="rollout-state-reason"
          className={`rounded-md px-3 py-2 text-sm ${data.state === 'halted' ? 'bg-amber-50 text-amber-900' : 'bg-slate-50 text-slate-700'}`}
        >
          {data.stateReason}
        </p>
      ) : null}
      <p className="text-xs text-slate-600">
        Halts when {halt.join(' or ')} of a wave rejected the change or failed the check after the restart; a
        wave undecided after {Math.round(data.waveTimeoutSec / 60)} min halts too.{' '}
        {data.waitsForRestart
          ? 'A wave passes once every host restarted its SIP Server and the check after it passed.'
          : 'A wave passes once every host applied the change.'}
        {data.manualGo ? ' Each next wave waits for an operator’s go.' : ''}
      </p>
      <Section title="Waves">
        <DataTable
          caption="Waves"
          layout="inline"
          testId="waves-table"
          columns={[
            { label: 'Wave' },
            { label: 'State' },
            { label: 'Hosts' },
            { label: 'Applied, waiting for restart' },
            { label: 'Passed' },
            { label: 'Rejected' },
            { label: 'Failing' },
            { label: 'Not acked' },
            { label: 'Sent' },
          ]}
        >
          <tbody className="divide-y divide-slate-100">
            {data.waveList.map((wave) => (
              <tr key={wave.index} data-testid="wave-row">
                <td className="py-1.5 pr-3">{waveName(wave.index)}</td>
                <td className="py-1.5 pr-3">
                  <RolloutStateBadge state={wave.state} testId="wave-state" />
                </td>
                <td className="py-1.5 pr-3">{wave.hosts}</td>
                <td className="py-1.5 pr-3">{wave.tally?.applied ?? '—'}</td>
                <td className="py-1.5 pr-3">{wave.tally ? wave.tally.passed + wave.tally.unchanged : '—'}</td>
                <td className="py-1.5 pr-3">{wave.tally?.rejected ?? '—'}</td>
                <td className="py-1.5 pr-3">{wave.tally?.failing ?? '—'}</td>
                <td className="py-1.5 pr-3">{wave.tally?.waiting ?? '—'}</td>
                <td className="py-1.5 pr-3">
                  <RelativeTime iso={wave.sentAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </Section>
      <Section title="Hosts sent so far" description="Those needing attention first.">
        {data.hosts.length === 0 ? (
          <p className="text-sm text-slate-600">No wave sent yet.</p>
        ) : (
          <DataTable
            caption="Hosts of the sent waves"
            layout="inline"
            testId="rollout-hosts"
            columns={[{ label: 'Host' }, { label: 'Wave' }, { label: 'Standing' }, { label: 'Detail' }]}
          >
            <tbody className="divide-y divide-slate-100">
              {data.hosts.map((host) => (
                <tr key={`${host.hostId}-${host.wave}`} data-testid="rollout-host-row">
                  <td className="py-1.5 pr-3">
                    <Link href={`/hosts/${host.hostId}`} className="hover:underline">
                      {host.hostname}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3">{waveName(host.wave - 1)}</td>
                  <td className="py-1.5 pr-3">{host.state}</td>
                  <td className="py-1.5 pr-3 text-xs text-slate-600">{host.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </Section>
    </div>
  );
}
