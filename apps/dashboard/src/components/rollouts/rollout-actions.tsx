'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';

/** An operator's controls: halt a running rollout; continue or revert a halted one; revert any not reverted. */
export function RolloutActions({ rolloutId, state }: { rolloutId: string; state: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.rollouts.get.pathFilter());
    void queryClient.invalidateQueries(trpc.rollouts.list.pathFilter());
  };
  const halt = useMutation(trpc.rollouts.halt.mutationOptions({ onSuccess: refresh }));
  const go = useMutation(trpc.rollouts.continue.mutationOptions({ onSuccess: refresh }));
  const revert = useMutation(trpc.rollouts.revert.mutationOptions({ onSuccess: refresh }));
  const busy = halt.isPending || go.isPending || revert.isPending;
  const error = halt.error ?? go.error ?? revert.error;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="rollout-actions">
      {state === 'running' ? (
        <Button disabled={busy} onClick={() => halt.mutate({ rolloutId })} data-testid="halt-rollout">
          Halt
        </Button>
      ) : null}
      {state === 'halted' ? (
        <Button
          variant="primary"
          disabled={busy}
          onClick={() => go.mutate({ rolloutId })}
          data-testid="continue-rollout"
        >
          Continue with the next wave
        </Button>
      ) : null}
      {state !== 'reverted' ? (
        <ConfirmButton
          label="Revert what was applied"
          confirmLabel="Confirm revert"
          question="Send every host this rollout changed its previous values, and end the rollout?"
          disabled={busy}
          onConfirm={() => revert.mutate({ rolloutId })}
        />
      ) : null}
      {error ? (
        <span className="text-xs text-red-700" role="alert">
          {describeError(error)}
        </span>
      ) : null}
    </div>
  );
}
