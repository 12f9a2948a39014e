'use client';

import type { TAlertDeliveryView } from '@standby/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { Section } from '../ui/section';
import { ToneBadge } from '../ui/tone-badge';

/** Notices still being retried, and those that gave up (kept for inspection; queued again after a fix). */
export function DeliveriesSection({ canRetry }: { canRetry: boolean }) {
  const trpc = useTRPC();
  const deliveries = useQuery({
    ...trpc.alerts.deliveries.queryOptions({ state: ['retrying', 'dead'], limit: 50 }),
    refetchInterval: 30_000,
  });
  const rows = deliveries.data?.deliveries ?? [];
  return (
    <Section
      title="Failing deliveries"
      description="Notices a channel did not accept: being retried, or given up after the last attempt."
      testId="alert-deliveries"
    >
      {deliveries.isError ? (
        <ErrorAlert>Could not load the deliveries: {describeError(deliveries.error)}</ErrorAlert>
      ) : null}
      {deliveries.isSuccess && rows.length === 0 ? (
        <p className="text-sm text-slate-500">Every notice was accepted.</p>
      ) : null}
      {rows.length ? (
        <div className="overflow-x-auto">
          <DataTable
            caption="Failing deliveries"
            layout="inline"
            columns={[
              { label: 'State' },
              { label: 'Alert' },
              { label: 'Channel' },
              { label: 'Attempts' },
              { label: 'Last error' },
              canRetry && { label: 'Actions', hidden: true },
            ]}
          >
            <tbody className="divide-y divide-slate-100">
              {rows.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} canRetry={canRetry} />
              ))}
            </tbody>
          </DataTable>
        </div>
      ) : null}
    </Section>
  );
}

function DeliveryRow({ delivery, canRetry }: { delivery: TAlertDeliveryView; canRetry: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retry = useMutation(
    trpc.alerts.retryDelivery.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.alerts.pathFilter()),
    }),
  );
  const dead = delivery.state === 'dead';
  return (
    <tr data-testid="delivery-row" data-state={delivery.state} className="align-top">
      <td className="py-2 pr-3">
        <ToneBadge tone={dead ? 'danger' : 'warning'}>{dead ? 'gave up' : 'retrying'}</ToneBadge>
        {!dead && delivery.nextAttemptAt ? (
          <div className="mt-0.5 text-xs text-slate-500">next {formatDateTime(delivery.nextAttemptAt)}</div>
        ) : null}
      </td>
      <td className="py-2 pr-3 text-xs">
        {delivery.hostId ? (
          <Link href={`/hosts/${delivery.hostId}`} className="underline underline-offset-2">
            {delivery.subject}
          </Link>
        ) : (
          delivery.subject
        )}
        <div className="text-slate-500">
          {delivery.condition} · {delivery.notice}
        </div>
      </td>
      <td className="py-2 pr-3 text-xs">{delivery.channelName}</td>
      <td className="py-2 pr-3 text-xs tabular-nums">{delivery.attempts}</td>
      <td className="max-w-md break-words py-2 pr-3 text-xs text-red-800">{delivery.lastError ?? '—'}</td>
      {canRetry ? (
        <td className="py-2">
          {dead ? (
            <Button onClick={() => retry.mutate({ id: delivery.id })} disabled={retry.isPending}>
              Retry
            </Button>
          ) : null}
          {retry.error ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {describeError(retry.error)}
            </p>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
