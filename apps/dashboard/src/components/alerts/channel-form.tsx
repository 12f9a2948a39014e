'use client';

import {
  ALERT_CHANNEL_KINDS,
  type TAlertChannelKind,
  ZAlertChannelCreateSchema,
  ZAlertChannelTestSchema,
  ZAlertChannelUpdateSchema,
} from '@standby/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  CHANNEL_KIND_LABELS,
  channelConfigFromForm,
  channelCreateInput,
  defaultPortFor,
  isKeptSecret,
  SMTP_SECURITY_LABELS,
  type TChannelFormState,
} from '@/lib/alerts-channel-form';
import { errorAt, type TFieldErrors, unplacedErrors, validateWith } from '@/lib/alerts-form-errors';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { CheckboxField } from '../ui/checkbox-field';
import { ErrorAlert } from '../ui/error-alert';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import { ChannelTestResult } from './channel-test-result';

const KEPT_HINT = 'Stored secret kept (hidden). Type a new value to replace it.';

/** Paths the form shows next to a field (any other refusal is listed at the end). */
const SHOWN_PATHS = [
  'name',
  'enabled',
  'config.kind',
  'config.url',
  'config.secret',
  'config.headers',
  'config.webhookUrl',
  'config.host',
  'config.port',
  'config.secure',
  'config.username',
  'config.password',
  'config.from',
  'config.to',
  'config.rejectUnauthorized',
  'config.routingKey',
  'config.eventsUrl',
];

/**
 * Creates a channel, or edits one (`channelId`): one set of fields per kind, checked with the server's
 * schema before sending (each problem under its field). On edit, each secret shows as the marker and
 * is sent back as is, "unchanged"; the server refuses to keep one whose destination changed.
 */
export function ChannelForm({
  initial,
  channelId,
  onDone,
}: {
  initial: TChannelFormState;
  channelId?: string;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<TFieldErrors>({});
  const onSuccess = () => {
    void queryClient.invalidateQueries(trpc.alerts.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.alerts.createChannel.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.alerts.updateChannel.mutationOptions({ onSuccess }));
  const test = useMutation(trpc.alerts.testChannel.mutationOptions());
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  /** Sends a test with the settings as they stand in the form, unsaved (secrets left as is are kept). */
  const testUnsaved = () => {
    if (!channelId) return;
    test.reset();
    const checked = validateWith(ZAlertChannelTestSchema, {
      id: channelId,
      config: channelConfigFromForm(form),
    });
    setErrors(checked.ok ? {} : checked.errors);
    if (checked.ok) test.mutate(checked.data);
  };

  const patch = <K extends 'webhook' | 'slack' | 'email' | 'pagerduty'>(
    kind: K,
    change: Partial<TChannelFormState[K]>,
  ) => setForm((current) => ({ ...current, [kind]: { ...current[kind], ...change } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = channelCreateInput(form);
    if (channelId) {
      const checked = validateWith(ZAlertChannelUpdateSchema, { id: channelId, ...input });
      setErrors(checked.ok ? {} : checked.errors);
      if (checked.ok) update.mutate(checked.data);
    } else {
      const checked = validateWith(ZAlertChannelCreateSchema, input);
      setErrors(checked.ok ? {} : checked.errors);
      if (checked.ok) create.mutate(checked.data);
    }
  };

  const err = (path: string) => errorAt(errors, path);
  const others = unplacedErrors(errors, SHOWN_PATHS);
  const { webhook, slack, email, pagerduty } = form;

  return (
    <form
      noValidate
      onSubmit={submit}
      className="space-y-4"
      aria-label={channelId ? `Edit channel ${initial.name}` : 'New channel'}
      data-testid="channel-form"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          label="Name"
          value={form.name}
          error={err('name')}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        <SelectField
          label="Kind"
          value={form.kind}
          disabled={Boolean(channelId)}
          onChange={(event) => setForm({ ...form, kind: event.target.value as TAlertChannelKind })}
        >
          {ALERT_CHANNEL_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {CHANNEL_KIND_LABELS[kind]}
            </option>
          ))}
        </SelectField>
        <CheckboxField
          label="Enabled"
          className="sm:pt-7"
          checked={form.enabled}
          onChange={(event) => setForm({ ...form, enabled: event.target.checked })}
        />
      </div>

      {form.kind === 'webhook' ? (
        <div className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              label="URL"
              type="url"
              placeholder="https://receiver.example.net/standby"
              value={webhook.url}
              error={err('config.url')}
              onChange={(event) => patch('webhook', { url: event.target.value })}
            />
            <TextField
              label="Signing secret"
              type="password"
              autoComplete="new-password"
              hint={
                isKeptSecret(webhook.secret)
                  ? KEPT_HINT
                  : 'At least 16 characters: the key of the HMAC-SHA256 in X-Standby-Signature.'
              }
              value={webhook.secret}
              error={err('config.secret')}
              onChange={(event) => patch('webhook', { secret: event.target.value })}
            />
          </div>
          <HeadersEditor
            headers={webhook.headers}
            errors={errors}
            onChange={(headers) => patch('webhook', { headers })}
          />
        </div>
      ) : null}

      {form.kind === 'slack' ? (
        <TextField
          label="Slack webhook URL"
          type="password"
          autoComplete="off"
          placeholder="https://hooks.slack.com/services/…"
          hint={
            isKeptSecret(slack.webhookUrl) ? KEPT_HINT : 'An incoming webhook: its address is its credential.'
          }
          value={slack.webhookUrl}
          error={err('config.webhookUrl')}
          onChange={(event) => patch('slack', { webhookUrl: event.target.value })}
        />
      ) : null}

      {form.kind === 'email' ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            label="SMTP host"
            placeholder="smtp.example.net"
            value={email.host}
            error={err('config.host')}
            onChange={(event) => patch('email', { host: event.target.value })}
          />
          <TextField
            label="Port"
            inputMode="numeric"
            value={email.port}
            error={err('config.port')}
            onChange={(event) => patch('email', { port: event.target.value })}
          />
          <SelectField
            label="TLS mode"
            value={email.secure}
            onChange={(event) => {
              const secure = event.target.value as TChannelFormState['email']['secure'];
              const usualPort = email.port === defaultPortFor(email.secure) || !email.port.trim();
              patch('email', { secure, ...(usualPort ? { port: defaultPortFor(secure) } : {}) });
            }}
          >
            {Object.entries(SMTP_SECURITY_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Username"
            autoComplete="off"
            hint="Leave empty for a relay without authentication."
            value={email.username}
            error={err('config.username')}
            onChange={(event) => patch('email', { username: event.target.value })}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            hint={isKeptSecret(email.password) ? KEPT_HINT : undefined}
            value={email.password}
            error={err('config.password')}
            onChange={(event) => patch('email', { password: event.target.value })}
          />
          <TextField
            label="From"
            placeholder="Standby <alerts@example.net>"
            value={email.from}
            error={err('config.from')}
            onChange={(event) => patch('email', { from: event.target.value })}
          />
          <TextField
            label="To"
            className="sm:col-span-2"
            placeholder="oncall@example.net, noc@example.net"
            hint="One or more addresses, separated by commas."
            value={email.to}
            error={
              errors['config.to'] === 'Choose at least one.'
                ? 'Enter at least one address.'
                : err('config.to')
            }
            onChange={(event) => patch('email', { to: event.target.value })}
          />
          <CheckboxField
            label="Verify the server's certificate"
            className="sm:pt-7"
            checked={email.rejectUnauthorized}
            onChange={(event) => patch('email', { rejectUnauthorized: event.target.checked })}
          />
        </div>
      ) : null}

      {form.kind === 'pagerduty' ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label="Routing key"
            type="password"
            autoComplete="off"
            hint={
              isKeptSecret(pagerduty.routingKey)
                ? KEPT_HINT
                : 'The integration key of an Events API v2 integration (32 letters and digits).'
            }
            value={pagerduty.routingKey}
            error={err('config.routingKey')}
            onChange={(event) => patch('pagerduty', { routingKey: event.target.value })}
          />
          <TextField
            label="Events URL"
            type="url"
            value={pagerduty.eventsUrl}
            error={err('config.eventsUrl')}
            onChange={(event) => patch('pagerduty', { eventsUrl: event.target.value })}
          />
        </div>
      ) : null}

      {others.length ? (
        <ErrorAlert testId="form-errors">
          {others.map((message) => (
            <span key={message} className="block">
              {message}
            </span>
          ))}
        </ErrorAlert>
      ) : null}
      {failure ? <ErrorAlert>{describeError(failure)}</ErrorAlert> : null}
      {channelId ? <ChannelTestResult test={test} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? 'Saving…' : channelId ? 'Save channel' : 'Create channel'}
        </Button>
        {channelId ? (
          <Button onClick={testUnsaved} disabled={test.isPending}>
            {test.isPending ? 'Sending…' : 'Send test with these settings'}
          </Button>
        ) : null}
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function HeadersEditor({
  headers,
  errors,
  onChange,
}: {
  headers: { name: string; value: string }[];
  errors: TFieldErrors;
  onChange: (next: { name: string; value: string }[]) => void;
}) {
  const set = (index: number, change: Partial<{ name: string; value: string }>) =>
    onChange(headers.map((header, i) => (i === index ? { ...header, ...change } : header)));
  const overall = errors['config.headers'];
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Custom headers</legend>
      <p className="text-xs text-slate-500">
        Sent with every request (an Authorization a receiver wants, say). Values are kept like secrets.
      </p>
      {headers.map((header, index) => {
        const error = errors[`config.headers.${header.name.trim()}`] ?? null;
        return (
          <div key={index} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
            <TextField
              label={`Header ${index + 1} name`}
              placeholder="Authorization"
              value={header.name}
              error={error}
              onChange={(event) => set(index, { name: event.target.value })}
            />
            <TextField
              label={`Header ${index + 1} value`}
              type="password"
              autoComplete="off"
              hint={isKeptSecret(header.value) ? 'Stored value kept.' : undefined}
              value={header.value}
              onChange={(event) => set(index, { value: event.target.value })}
            />
            <Button variant="ghost" onClick={() => onChange(headers.filter((_, i) => i !== index))}>
              Remove
            </Button>
          </div>
        );
      })}
      {overall ? <p className="text-xs text-red-700">{overall}</p> : null}
      <Button variant="secondary" onClick={() => onChange([...headers, { name: '', value: '' }])}>
        Add header
      </Button>
    </fieldset>
  );
}
