'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { pluralize } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';

/** What a revert sends back: one change, whole commands, or a whole rollout. */
export type TRevertSelection = { changeIds: string[] } | { commandIds: string[] } | { rolloutId: string };

/**
 * One click (and a confirmation: the revert may touch a restricted option) sends the previous values
 * back, through the same validation and audit as any change.
 */
export function RevertButton({
  selection,
  label = 'Revert',
  what = 'this change',
}: {
  selection: TRevertSelection;
  label?: string;
  /** Completes "Send back the values from before …?". */
  what?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revert = useMutation(
    trpc.commands.revert.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        void queryClient.invalidateQueries(trpc.changes.list.pathFilter());
        void queryClient.invalidateQueries(trpc.host.get.pathFilter());
        void queryClient.invalidateQueries(trpc.pair.get.pathFilter());
      },
    }),
  );

  if (revert.data) {
    const { hosts, unchanged } = revert.data;
    return (
      <span className="text-xs text-slate-700" data-testid="revert-result" role="status">
        {hosts ? `Reverting on ${pluralize(hosts, 'host')}` : 'Nothing to send'}
        {unchanged ? `; ${pluralize(unchanged, 'host')} already had the previous values` : ''}.
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-testid="revert-control">
      {confirming ? (
        <>
          <span className="text-xs text-slate-700">Send back the values from before {what}?</span>
          <Button
            variant="danger"
            disabled={revert.isPending}
            onClick={() => revert.mutate(selection)}
            data-testid="confirm-revert"
          >
            {revert.isPending ? 'Reverting…' : 'Confirm revert'}
          </Button>
          <Button onClick={() => setConfirming(false)} disabled={revert.isPending}>
            Cancel
          </Button>
        </>
      ) : (
        <Button onClick={() => setConfirming(true)} data-testid="revert">
          {label}
        </Button>
      )}
      {revert.error ? (
        <span className="text-xs text-red-700" role="alert">
          {describeError(revert.error)}
        </span>
      ) : null}
    </span>
  );
}
