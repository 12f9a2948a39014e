'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';

/** Asks the host's agent to run the check now (operators); the result arrives live. */
export function RunCheckButton({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const run = useMutation(trpc.commands.runCheckNow.mutationOptions());
  return (
    <div className="flex items-center gap-2">
      <Button
        variant="primary"
        disabled={run.isPending}
        onClick={() => run.mutate({ target: { kind: 'hosts', hostIds: [hostId] } })}
      >
        {run.isPending ? 'Requesting…' : 'Run check now'}
      </Button>
      <span aria-live="polite" className="text-xs">
        {run.isSuccess ? (
          <span className="text-slate-600">Requested; the result appears here when it arrives.</span>
        ) : null}
        {run.isError ? <span className="text-red-700">{describeError(run.error)}</span> : null}
      </span>
    </div>
  );
}
