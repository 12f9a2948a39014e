'use client';

import { ZAlertSilenceCreateSchema } from '@standby/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorAt, type TFieldErrors, unplacedErrors, validateWith } from '@/lib/alerts-form-errors';
import { HOST_SILENCE_ROOT } from '@/lib/alerts-host-silences';
import {
  endAfter,
  initialSilenceForm,
  SILENCE_DURATIONS,
  silenceCreateInput,
  type TSilenceFormState,
} from '@/lib/alerts-silence-form';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { ScopePicker } from './scope-picker';

const SHOWN_PATHS = ['scope', 'startsAt', 'endsAt', 'reason'];

/**
 * A maintenance window: which hosts (fleet, pairs, hosts), from now or a scheduled start, until when,
 * and why (required). Checked with the server's schema; each problem under its field.
 */
export function SilenceForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const startName = useId();
  const [form, setForm] = useState<TSilenceFormState>(() => initialSilenceForm(Date.now()));
  const [errors, setErrors] = useState<TFieldErrors>({});
  const create = useMutation(
    trpc.alerts.createSilence.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.alerts.pathFilter());
        void queryClient.invalidateQueries({ queryKey: HOST_SILENCE_ROOT });
        onDone();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validateWith(ZAlertSilenceCreateSchema, silenceCreateInput(form, Date.now()));
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) create.mutate(checked.data);
  };
  const others = unplacedErrors(errors, SHOWN_PATHS);
  return (
    <form
      noValidate
      onSubmit={submit}
      className="space-y-4"
      aria-label="New silence"
      data-testid="silence-form"
    >
      <ScopePicker
        value={form.scope}
        onChange={(scope) => setForm({ ...form, scope })}
        error={errorAt(errors, 'scope')}
        legend="Silence"
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Starts</legend>
        <div className="flex flex-wrap items-end gap-4">
          <label className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={startName}
              checked={form.startMode === 'now'}
              onChange={() => setForm({ ...form, startMode: 'now' })}
            />
            Now
          </label>
          <label className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={startName}
              checked={form.startMode === 'scheduled'}
              onChange={() => setForm({ ...form, startMode: 'scheduled' })}
            />
            Later
          </label>
          {form.startMode === 'scheduled' ? (
            <TextField
              label="Start"
              type="datetime-local"
              value={form.startsAt}
              error={errorAt(errors, 'startsAt')}
              onChange={(event) => setForm({ ...form, startsAt: event.target.value })}
            />
          ) : null}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-end gap-3">
        <TextField
          label="End"
          type="datetime-local"
          value={form.endsAt}
          error={errorAt(errors, 'endsAt')}
          onChange={(event) => setForm({ ...form, endsAt: event.target.value })}
        />
        <fieldset className="flex flex-wrap gap-1">
          <legend className="sr-only">End after</legend>
          {SILENCE_DURATIONS.map((duration) => (
            <Button
              key={duration.label}
              variant="ghost"
              onClick={() => setForm({ ...form, endsAt: endAfter(form, duration.ms, Date.now()) })}
            >
              {duration.label}
            </Button>
          ))}
        </fieldset>
      </div>
      <TextField
        label="Reason"
        placeholder="e.g. SIP Server upgrade on the Paris pairs"
        maxLength={500}
        value={form.reason}
        error={errorAt(errors, 'reason')}
        onChange={(event) => setForm({ ...form, reason: event.target.value })}
      />
      {others.length ? (
        <ErrorAlert>
          {others.map((message) => (
            <span key={message} className="block">
              {message}
            </span>
          ))}
        </ErrorAlert>
      ) : null}
      {create.error ? <ErrorAlert>{describeError(create.error)}</ErrorAlert> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? 'Saving…' : 'Create silence'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
