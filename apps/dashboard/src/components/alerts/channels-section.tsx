'use client';

import type { TAlertChannelView } from '@standby/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  CHANNEL_KIND_LABELS,
  channelFormFromView,
  channelTargetSummary,
  emptyChannelForm,
} from '@/lib/alerts-channel-form';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { Section } from '../ui/section';
import { ToneBadge } from '../ui/tone-badge';
import { ChannelForm } from './channel-form';
import { ChannelTestResult } from './channel-test-result';

/** Where notices go: each channel with where it sends (secrets only as set / not set), a test, edit, delete. */
export function ChannelsSection({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const [creating, setCreating] = useState(false);
  return (
    <Section
      title="Channels"
      description="Where alerts are sent. Secrets are never shown again once saved."
      actions={
        canManage && !creating ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New channel
          </Button>
        ) : null
      }
      testId="alert-channels"
    >
      <div className="space-y-4">
        {creating ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <ChannelForm initial={emptyChannelForm()} onDone={() => setCreating(false)} />
          </div>
        ) : null}
        {channels.isError ? (
          <ErrorAlert>Could not load the channels: {describeError(channels.error)}</ErrorAlert>
        ) : null}
        {channels.data?.length === 0 ? (
          <p className="text-sm text-slate-500">No channel yet: alerts are recorded in the history only.</p>
        ) : null}
        {channels.data?.length ? (
          <div className="overflow-x-auto">
            <DataTable
              caption="Alert channels"
              layout="inline"
              columns={[
                { label: 'Name' },
                { label: 'Kind' },
                { label: 'Sends to' },
                { label: 'State' },
                canManage && { label: 'Actions', hidden: true },
              ]}
              testId="channels-table"
            >
              <tbody className="divide-y divide-slate-100">
                {channels.data.map((channel) => (
                  <ChannelRow key={channel.id} channel={channel} canManage={canManage} />
                ))}
              </tbody>
            </DataTable>
          </div>
        ) : null}
      </div>
    </Section>
  );
}

function ChannelRow({ channel, canManage }: { channel: TAlertChannelView; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const test = useMutation(trpc.alerts.testChannel.mutationOptions());
  const remove = useMutation(
    trpc.alerts.deleteChannel.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.alerts.pathFilter()),
    }),
  );
  if (editing)
    return (
      <tr data-testid="channel-row" data-name={channel.name}>
        <td colSpan={5} className="py-3">
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <ChannelForm
              initial={channelFormFromView(channel)}
              channelId={channel.id}
              onDone={() => setEditing(false)}
            />
          </div>
        </td>
      </tr>
    );
  return (
    <tr data-testid="channel-row" data-name={channel.name} className="align-top">
      <td className="py-2 pr-3 font-medium">{channel.name}</td>
      <td className="py-2 pr-3">{CHANNEL_KIND_LABELS[channel.kind]}</td>
      <td className="py-2 pr-3 text-xs text-slate-700" data-testid="channel-target">
        {channelTargetSummary(channel.config).map((line) => (
          <div key={line}>{line}</div>
        ))}
      </td>
      <td className="py-2 pr-3">
        {channel.enabled ? (
          <ToneBadge tone="success">enabled</ToneBadge>
        ) : (
          <ToneBadge tone="neutral">disabled</ToneBadge>
        )}
      </td>
      {canManage ? (
        <td className="py-2">
          <div className="flex flex-wrap items-center gap-2">
            <Button
              onClick={() => test.mutate({ id: channel.id })}
              disabled={test.isPending}
              aria-label={`Send test to ${channel.name}`}
            >
              {test.isPending ? 'Sending…' : 'Send test'}
            </Button>
            <Button variant="ghost" onClick={() => setEditing(true)} aria-label={`Edit ${channel.name}`}>
              Edit
            </Button>
            <ConfirmButton
              label="Delete"
              confirmLabel="Delete channel"
              question={`Delete ${channel.name}? Rules stop sending to it.`}
              disabled={remove.isPending}
              onConfirm={() => remove.mutate({ id: channel.id })}
            />
          </div>
          <div className="mt-1 max-w-md">
            <ChannelTestResult test={test} />
            {remove.error ? <p className="text-xs text-red-700">{describeError(remove.error)}</p> : null}
          </div>
        </td>
      ) : null}
    </tr>
  );
}
