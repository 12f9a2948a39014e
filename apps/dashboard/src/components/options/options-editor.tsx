'use client';

import { TAKES_EFFECT_TEXT } from '@standby/domain';
import type { TCommandTarget } from '@standby/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useState } from 'react';
import type { TEditorHost } from '@/lib/change-preview';
import { pluralize } from '@/lib/format';
import { checkDraft, EDITABLE_OPTIONS, submitBlocker, type TOptionDraft } from '@/lib/option-draft';
import { rolloutPlanOf, type TRolloutDraft } from '@/lib/rollout-draft';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { ChangePreview } from './change-preview';
import { DeliveryTracker } from './delivery-tracker';
import { OptionField } from './option-field';
import { RestrictedConfirmation } from './restricted-confirmation';
import { RolloutChoice } from './rollout-choice';

interface TOptionsEditorProps {
  /** Who receives the change (one host, a pair, a selection). */
  target: TCommandTarget;
  /** The target's hosts (the preview itself is the server's dry run of the target). */
  hosts: TEditorHost[];
}

/**
 * Edits the check's options for a target: refuses invalid values as they are typed (domain rule),
 * asks for a confirmation and a reason for the restricted option, previews the change per host (the
 * server's dry run, every host),
 * sends it, then follows each host's delivery.
 */
export function OptionsEditor({ target, hosts }: TOptionsEditorProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TOptionDraft>({});
  const [confirmRestricted, setConfirmRestricted] = useState(false);
  const [reason, setReason] = useState('');
  const check = useMemo(() => checkDraft(draft), [draft]);
  // "Roll out in waves": null sends to every host at once; a wave plan creates a staged rollout.
  const [waves, setWaves] = useState<TRolloutDraft | null>(null);
  const wavePlan = waves ? rolloutPlanOf(waves) : null;
  const router = useRouter();
  const blocker =
    submitBlocker(check, { confirmRestricted, reason }) ??
    (wavePlan && 'error' in wavePlan ? wavePlan.error : null);
  const rollOut = useMutation(
    trpc.rollouts.create.mutationOptions({
      onSuccess: (created) => router.push(`/rollouts/${created.rolloutId}`),
    }),
  );
  const send = useMutation(
    trpc.commands.changeOptions.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.changes.list.pathFilter());
        void queryClient.invalidateQueries(trpc.host.get.pathFilter());
        void queryClient.invalidateQueries(trpc.pair.get.pathFilter());
      },
    }),
  );
  const single = hosts.length === 1 ? hosts[0] : undefined;

  if (send.data) {
    return (
      <DeliveryTracker
        sent={send.data}
        onAnother={() => {
          send.reset();
          setDraft({});
          setConfirmRestricted(false);
          setReason('');
        }}
      />
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blocker) return;
    const request = {
      target,
      values: check.values,
      confirmRestricted: check.restricted.length > 0 && confirmRestricted,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
    if (wavePlan && 'plan' in wavePlan) rollOut.mutate({ ...request, plan: wavePlan.plan });
    else send.mutate(request);
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Change options" data-testid="options-editor">
      <div className="divide-y divide-slate-100">
        {EDITABLE_OPTIONS.map((name) => (
          <OptionField
            key={name}
            name={name}
            value={draft[name] ?? ''}
            current={single ? (single.current[name] ?? null) : undefined}
            error={check.errors[name]}
            onChange={(value) => setDraft((current) => ({ ...current, [name]: value }))}
          />
        ))}
      </div>
      <RestrictedConfirmation
        options={check.restricted}
        confirmed={confirmRestricted}
        onConfirmedChange={setConfirmRestricted}
      />
      <TextField
        label="Reason"
        name="reason"
        maxLength={500}
        hint={
          check.restricted.length
            ? 'Required for a restricted option. Recorded in the audit log and sent to the agent.'
            : 'Optional. Recorded in the audit log and sent to the agent.'
        }
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {Object.keys(check.values).length ? <ChangePreview target={target} values={check.values} /> : null}
      {/* One host is its own canary: waves are offered for a pair, a selection or the fleet. */}
      {hosts.length > 1 ? (
        <RolloutChoice
          draft={waves}
          onChange={setWaves}
          error={wavePlan && 'error' in wavePlan ? wavePlan.error : null}
        />
      ) : null}
      {send.error ? <ErrorAlert testId="change-error">{describeError(send.error)}</ErrorAlert> : null}
      {rollOut.error ? <ErrorAlert testId="rollout-error">{describeError(rollOut.error)}</ErrorAlert> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          variant="primary"
          disabled={Boolean(blocker) || send.isPending || rollOut.isPending}
        >
          {send.isPending || rollOut.isPending
            ? 'Sending…'
            : waves
              ? 'Start the rollout'
              : `Send to ${pluralize(hosts.length, 'host')}`}
        </Button>
        {blocker ? (
          <span className="text-xs text-slate-600" data-testid="submit-blocker">
            {blocker}
          </span>
        ) : (
          <span className="text-xs text-slate-600">{TAKES_EFFECT_TEXT}</span>
        )}
      </div>
    </form>
  );
}
