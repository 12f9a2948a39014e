'use client';

import { TAKES_EFFECT_TEXT } from '@standby/domain';
import { describeDeliveryState } from '@/lib/delivery-states';
import { pluralize } from '@/lib/format';
import { describeError } from '@/lib/trpc-errors';
import { useDeliveryTracking } from '@/lib/use-delivery-tracking';
import { DeliveryStateBadge } from '../delivery-state-badge';
import { Button } from '../ui/button';
import { DataTable, type DataTableColumn } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { RevertButton } from './revert-button';

const COLUMNS: DataTableColumn[] = [
  { label: 'Host' },
  { label: 'Option' },
  { label: 'State' },
  { label: 'Detail' },
];

export interface TChangeSent {
  commandIds: string[];
  hosts: number;
  unchanged: number;
}

/** After sending: each host's change, live (pending → delivered → pending restart or rejected → effective). */
export function DeliveryTracker({ sent, onAnother }: { sent: TChangeSent; onAnother: () => void }) {
  const tracking = useDeliveryTracking(sent.commandIds);
  return (
    <div className="space-y-3" data-testid="delivery-tracker" aria-live="polite">
      <p className="text-sm">
        Sent to {pluralize(sent.commandIds.length, 'host')}
        {sent.unchanged ? `; ${pluralize(sent.unchanged, 'host')} already had these values (unchanged)` : ''}.{' '}
        <span className="text-slate-600">{TAKES_EFFECT_TEXT}</span>
      </p>
      {tracking.error ? (
        <ErrorAlert>Could not read the delivery state: {describeError(tracking.error)}</ErrorAlert>
      ) : null}
      {tracking.changes.length ? (
        <div className="overflow-x-auto rounded-md border border-slate-200">
          <DataTable caption="Delivery state per host" columns={COLUMNS}>
            <tbody className="divide-y divide-slate-100">
              {tracking.changes.map((change) => (
                <tr
                  key={change.id}
                  data-testid="delivery-row"
                  data-host={change.hostname}
                  data-state={change.state}
                >
                  <td className="px-3 py-1.5 font-medium">{change.hostname}</td>
                  <td className="px-3 py-1.5 font-mono text-xs">
                    {change.option}: {change.oldValue ?? 'not set'} → <strong>{change.newValue}</strong>
                  </td>
                  <td className="px-3 py-1.5">
                    <DeliveryStateBadge state={change.state} />
                  </td>
                  <td className="px-3 py-1.5 text-xs text-slate-600">
                    {change.stateReason ?? describeDeliveryState(change.state).description}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </div>
      ) : sent.commandIds.length ? (
        <p className="text-sm text-slate-500">Waiting for the first delivery state…</p>
      ) : null}
      {tracking.total > tracking.tracked ? (
        <p className="text-xs text-slate-500">
          Following the first {tracking.tracked} of {tracking.total} hosts here; every host&apos;s state is in
          its option history.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={onAnother}>Make another change</Button>
        {sent.commandIds.length ? (
          <RevertButton
            selection={{ commandIds: sent.commandIds }}
            label="Revert this change"
            what={`this change on ${pluralize(sent.commandIds.length, 'host')}`}
          />
        ) : null}
      </div>
    </div>
  );
}
