'use client';

import type { TAlertSilenceView } from '@standby/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { HOST_SILENCE_ROOT } from '@/lib/alerts-host-silences';
import { describeScope } from '@/lib/alerts-scope';
import { useScopeNames } from '@/lib/alerts-scope-names';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { Section } from '../ui/section';
import { ToneBadge } from '../ui/tone-badge';
import { SilenceForm } from './silence-form';

/**
 * Maintenance windows, active and scheduled: alerts of the hosts they cover are recorded as silenced and
 * not sent. Who may create or end one (`canManage`) is the server's rule; everyone else reads.
 */
export function SilencesSection({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const silences = useQuery({
    ...trpc.alerts.silences.queryOptions({ includeEnded: false }),
    refetchInterval: 60_000,
  });
  const names = useScopeNames(silences.data?.map((silence) => silence.scope) ?? []);
  const [creating, setCreating] = useState(false);
  const shown = [...(silences.data ?? [])]
    .filter((silence) => silence.state !== 'ended')
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return (
    <Section
      title="Silences"
      description="Maintenance windows: alerts of the hosts covered are recorded as silenced, not sent."
      actions={
        canManage && !creating ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New silence
          </Button>
        ) : null
      }
      testId="alert-silences"
    >
      <div className="space-y-4">
        {creating ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <SilenceForm onDone={() => setCreating(false)} />
          </div>
        ) : null}
        {silences.isError ? (
          <ErrorAlert>Could not load the silences: {describeError(silences.error)}</ErrorAlert>
        ) : null}
        {silences.isSuccess && shown.length === 0 ? (
          <p className="text-sm text-slate-500">No silence active or scheduled.</p>
        ) : null}
        {shown.length ? (
          <div className="overflow-x-auto">
            <DataTable
              caption="Active and scheduled silences"
              layout="inline"
              columns={[
                { label: 'State' },
                { label: 'Covers' },
                { label: 'From' },
                { label: 'Until' },
                { label: 'Reason' },
                { label: 'By' },
                canManage && { label: 'Actions', hidden: true },
              ]}
              testId="silences-table"
            >
              <tbody className="divide-y divide-slate-100">
                {shown.map((silence) => (
                  <SilenceRow key={silence.id} silence={silence} names={names} canManage={canManage} />
                ))}
              </tbody>
            </DataTable>
          </div>
        ) : null}
      </div>
    </Section>
  );
}

function SilenceRow({
  silence,
  names,
  canManage,
}: {
  silence: TAlertSilenceView;
  names: ReadonlyMap<string, string>;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const end = useMutation(
    trpc.alerts.endSilence.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.alerts.pathFilter());
        void queryClient.invalidateQueries({ queryKey: HOST_SILENCE_ROOT });
      },
    }),
  );
  const active = silence.state === 'active';
  return (
    <tr data-testid="silence-row" data-state={silence.state} className="align-top">
      <td className="py-2 pr-3">
        <ToneBadge tone={active ? 'info' : 'neutral'}>{active ? 'active' : 'scheduled'}</ToneBadge>
      </td>
      <td className="py-2 pr-3 text-xs">{describeScope(silence.scope, names)}</td>
      <td className="whitespace-nowrap py-2 pr-3 text-xs">{formatDateTime(silence.startsAt)}</td>
      <td className="whitespace-nowrap py-2 pr-3 text-xs">{formatDateTime(silence.endsAt)}</td>
      <td className="py-2 pr-3 text-xs" data-testid="silence-reason">
        {silence.reason}
      </td>
      <td className="py-2 pr-3 text-xs text-slate-600">{silence.createdBy ?? '—'}</td>
      {canManage ? (
        <td className="py-2">
          <ConfirmButton
            label={active ? 'End now' : 'Cancel'}
            confirmLabel={active ? 'End silence' : 'Cancel silence'}
            question={active ? 'Alerts of these hosts are sent again.' : 'It will not start.'}
            disabled={end.isPending}
            onConfirm={() => end.mutate({ id: silence.id })}
          />
          {end.error ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {describeError(end.error)}
            </p>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
