'use client';

import { ALERT_CONDITION_SPECS, ALERT_CONDITIONS } from '@standby/domain';
import { type TAlertChannelView, ZAlertRuleCreateSchema, ZAlertRuleUpdateSchema } from '@standby/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { errorAt, type TFieldErrors, unplacedErrors, validateWith } from '@/lib/alerts-form-errors';
import { ruleInputFromForm, type TRuleFormState, toggled } from '@/lib/alerts-rule-form';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { SeverityIcon } from '../findings/severity-badge';
import { Button } from '../ui/button';
import { CheckboxField } from '../ui/checkbox-field';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { ScopePicker } from './scope-picker';

const SHOWN_PATHS = ['name', 'conditions', 'scope', 'allChannels', 'channelIds', 'enabled'];

/** Creates a rule, or edits one (`ruleId`): conditions, which hosts, which channels. Checked with the server's schema. */
export function RuleForm({
  initial,
  ruleId,
  builtIn = false,
  channels,
  onDone,
}: {
  initial: TRuleFormState;
  ruleId?: string;
  builtIn?: boolean;
  channels: readonly TAlertChannelView[];
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const conditionsId = useId();
  const channelsId = useId();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<TFieldErrors>({});
  const onSuccess = () => {
    void queryClient.invalidateQueries(trpc.alerts.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess }));
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = ruleInputFromForm(form);
    if (ruleId) {
      // The update schema has no "at least one channel" rule of its own: the create one states it.
      const whole = validateWith(ZAlertRuleCreateSchema, input);
      const checked = validateWith(ZAlertRuleUpdateSchema, { id: ruleId, ...input });
      const problems = { ...(whole.ok ? {} : whole.errors), ...(checked.ok ? {} : checked.errors) };
      setErrors(problems);
      if (checked.ok && whole.ok) update.mutate(checked.data);
    } else {
      const checked = validateWith(ZAlertRuleCreateSchema, input);
      setErrors(checked.ok ? {} : checked.errors);
      if (checked.ok) create.mutate(checked.data);
    }
  };

  const conditionsError = errorAt(errors, 'conditions');
  const channelsError = errorAt(errors, 'channelIds') ?? errorAt(errors, 'allChannels');
  const others = unplacedErrors(errors, SHOWN_PATHS);

  return (
    <form
      noValidate
      onSubmit={submit}
      className="space-y-4"
      aria-label={ruleId ? `Edit rule ${initial.name}` : 'New rule'}
      data-testid="rule-form"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          label="Rule name"
          value={form.name}
          error={errorAt(errors, 'name')}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        <CheckboxField
          label="Enabled"
          className="sm:pt-7"
          checked={form.enabled}
          onChange={(event) => setForm({ ...form, enabled: event.target.checked })}
        />
      </div>
      <fieldset className="space-y-1.5" aria-describedby={conditionsError ? conditionsId : undefined}>
        <legend className="text-sm font-medium text-slate-800">Conditions</legend>
        {ALERT_CONDITIONS.map((condition) => {
          const spec = ALERT_CONDITION_SPECS[condition];
          return (
            <CheckboxField
              key={condition}
              label={
                <span className="inline-flex items-center gap-1.5">
                  {spec.label}
                  <span className="inline-flex items-center gap-1 text-xs text-slate-500">
                    <SeverityIcon severity={spec.severity} />
                    {spec.severity}
                  </span>
                </span>
              }
              checked={form.conditions.includes(condition)}
              onChange={(event) =>
                setForm({ ...form, conditions: toggled(form.conditions, condition, event.target.checked) })
              }
            />
          );
        })}
        {conditionsError ? (
          <p id={conditionsId} className="text-xs text-red-700">
            {conditionsError}
          </p>
        ) : null}
      </fieldset>
      <ScopePicker
        value={form.scope}
        onChange={(scope) => setForm({ ...form, scope })}
        error={errorAt(errors, 'scope')}
        legend="Hosts"
      />
      <fieldset className="space-y-1.5" aria-describedby={channelsError ? channelsId : undefined}>
        <legend className="text-sm font-medium text-slate-800">Send to</legend>
        <CheckboxField
          label="Every channel (present and future)"
          checked={form.allChannels}
          onChange={(event) => setForm({ ...form, allChannels: event.target.checked })}
        />
        {form.allChannels ? null : channels.length ? (
          channels.map((channel) => (
            <CheckboxField
              key={channel.id}
              label={`${channel.name} (${channel.kind})${channel.enabled ? '' : ', disabled'}`}
              checked={form.channelIds.includes(channel.id)}
              onChange={(event) =>
                setForm({ ...form, channelIds: toggled(form.channelIds, channel.id, event.target.checked) })
              }
            />
          ))
        ) : (
          <p className="text-xs text-slate-500">No channel yet: create one above, or choose every channel.</p>
        )}
        {channelsError ? (
          <p id={channelsId} className="text-xs text-red-700">
            {channelsError}
          </p>
        ) : null}
      </fieldset>
      {builtIn ? (
        <p className="text-xs text-slate-500">The built-in rule can be changed or turned off, not deleted.</p>
      ) : null}
      {others.length ? (
        <ErrorAlert>
          {others.map((message) => (
            <span key={message} className="block">
              {message}
            </span>
          ))}
        </ErrorAlert>
      ) : null}
      {failure ? <ErrorAlert>{describeError(failure)}</ErrorAlert> : null}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? 'Saving…' : ruleId ? 'Save rule' : 'Create rule'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
