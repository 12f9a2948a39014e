'use client';

import { TAKES_EFFECT_TEXT } from '@standby/domain';
import { describeDeliveryState } from '@/lib/delivery-states';
import { pluralize } from '@/lib/format';
import { describeError } from '@/lib/trpc-errors';
import { useDeliveryTracking } from '@/lib/use-delivery-tracking';
import { DeliveryStateBadge } from '../delivery-state-badge';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';

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
          <table className="min-w-full text-sm">
            <caption className="sr-only">Delivery state per host</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-1.5">
                  Host
                </th>
                <th scope="col" className="px-3 py-1.5">
                  Option
                </th>
                <th scope="col" className="px-3 py-1.5">
                  State
                </th>
                <th scope="col" className="px-3 py-1.5">
                  Detail
                </th>
              </tr>
            </thead>
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
          </table>
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
      <Button onClick={onAnother}>Make another change</Button>
    </div>
  );
}
