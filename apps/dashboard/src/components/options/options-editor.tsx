'use client';

import { TAKES_EFFECT_TEXT } from '@standby/domain';
import type { TCommandTarget } from '@standby/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { previewChange, type TEditorHost } from '@/lib/change-preview';
import { pluralize } from '@/lib/format';
import { checkDraft, EDITABLE_OPTIONS, submitBlocker, type TOptionDraft } from '@/lib/option-draft';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { ChangePreview } from './change-preview';
import { DeliveryTracker } from './delivery-tracker';
import { OptionField } from './option-field';
import { RestrictedConfirmation } from './restricted-confirmation';

interface TOptionsEditorProps {
  /** Who receives the change (one host, a pair, a selection). */
  target: TCommandTarget;
  /** The target's hosts, for the preview. */
  hosts: TEditorHost[];
}

/**
 * Edits the check's options for a target: refuses invalid values as they are typed (domain rule),
 * asks for a confirmation and a reason for the restricted option, previews the change per host,
 * sends it, then follows each host's delivery.
 */
export function OptionsEditor({ target, hosts }: TOptionsEditorProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TOptionDraft>({});
  const [confirmRestricted, setConfirmRestricted] = useState(false);
  const [reason, setReason] = useState('');
  const check = useMemo(() => checkDraft(draft), [draft]);
  const preview = useMemo(() => previewChange(hosts, check.values), [hosts, check.values]);
  const blocker = submitBlocker(check, { confirmRestricted, reason });
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
    send.mutate({
      target,
      values: check.values,
      confirmRestricted: check.restricted.length > 0 && confirmRestricted,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
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
      {Object.keys(check.values).length ? <ChangePreview rows={preview} /> : null}
      {send.error ? <ErrorAlert testId="change-error">{describeError(send.error)}</ErrorAlert> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={Boolean(blocker) || send.isPending}>
          {send.isPending ? 'Sending…' : `Send to ${pluralize(hosts.length, 'host')}`}
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
