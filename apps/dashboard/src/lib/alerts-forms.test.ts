import {
  ALERT_CHANNEL_SECRET_MARKER,
  redactChannelConfig,
  ZAlertChannelCreateSchema,
  ZAlertRuleCreateSchema,
  ZAlertSilenceCreateSchema,
} from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import {
  channelCreateInput,
  channelFormFromView,
  channelTargetSummary,
  emptyChannelForm,
} from './alerts-channel-form';
import { errorAt, unplacedErrors, validateWith } from './alerts-form-errors';
import { emptyRuleForm, ruleInputFromForm } from './alerts-rule-form';
import { fromLocalInput, initialSilenceForm, silenceCreateInput, toLocalInput } from './alerts-silence-form';

const HOST_ID = '6f1c1c9e-3d5b-4a51-9b8e-0c7f4f9f2a11';
const NOW = new Date(2026, 10, 29, 10, 0).getTime();

describe('channel form', () => {
  it('names each problem by its field, with the schema words or plain ones', () => {
    const form = emptyChannelForm('webhook');
    form.webhook.url = 'ftp://receiver';
    form.webhook.secret = 'short';
    form.webhook.headers = [{ name: 'Content-Type', value: 'text/plain' }];
    const checked = validateWith(ZAlertChannelCreateSchema, channelCreateInput(form));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.name).toBe('Required.');
    expect(checked.errors['config.url']).toBe('A URL starting with http:// or https://.');
    expect(checked.errors['config.secret']).toBe('at least 16 characters');
    expect(errorAt(checked.errors, 'config.headers')).toMatch(/cannot be overridden/);
    expect(unplacedErrors(checked.errors, ['name', 'config.url', 'config.secret', 'config.headers'])).toEqual(
      [],
    );
  });

  it('builds a valid e-mail configuration from text fields, leaving out empty optional ones', () => {
    const form = emptyChannelForm('email');
    form.name = 'On call';
    form.email = {
      ...form.email,
      host: 'smtp.example.net',
      port: '587',
      from: 'Standby <alerts@example.net>',
      to: 'a@example.net, b@example.net',
    };
    const checked = validateWith(ZAlertChannelCreateSchema, channelCreateInput(form));
    expect(checked.ok && checked.data.config).toEqual({
      kind: 'email',
      host: 'smtp.example.net',
      port: 587,
      secure: 'starttls',
      from: 'Standby <alerts@example.net>',
      to: ['a@example.net', 'b@example.net'],
      rejectUnauthorized: true,
    });
    form.email.port = '';
    form.email.to = 'a@example.net, not-an-address';
    const refused = validateWith(ZAlertChannelCreateSchema, channelCreateInput(form));
    expect(!refused.ok && refused.errors['config.port']).toBe('Required.');
    expect(!refused.ok && errorAt(refused.errors, 'config.to')).toBe('Not an email address: not-an-address.');
  });

  it('edits a redacted channel: secrets stay the marker ("unchanged") and the list says set, never the value', () => {
    const stored = {
      kind: 'webhook' as const,
      url: 'https://hooks.example.net/standby?token=abc',
      secret: 'a-very-long-signing-secret',
      headers: { Authorization: 'Bearer xyz' },
    };
    const redacted = redactChannelConfig(stored);
    const form = channelFormFromView({ name: 'Hook', enabled: true, config: redacted });
    expect(form.webhook.secret).toBe(ALERT_CHANNEL_SECRET_MARKER);
    const input = channelCreateInput(form);
    expect(validateWith(ZAlertChannelCreateSchema, input).ok).toBe(true);
    expect(input.config).toEqual(redacted);
    const summary = channelTargetSummary(redacted).join(' | ');
    expect(summary).toBe(
      'POST hooks.example.net | signing secret: set | headers: Authorization (values hidden)',
    );
    expect(summary).not.toContain('Bearer');
  });
});

describe('rule form', () => {
  it('needs conditions and a channel', () => {
    const checked = validateWith(
      ZAlertRuleCreateSchema,
      ruleInputFromForm({ ...emptyRuleForm(), name: 'Night' }),
    );
    expect(!checked.ok && checked.errors).toMatchObject({ conditions: 'Choose at least one.' });
    const ok = validateWith(
      ZAlertRuleCreateSchema,
      ruleInputFromForm({
        ...emptyRuleForm(),
        name: 'Night',
        conditions: ['unknown', 'would-not-serve'],
        scope: { kind: 'hosts', hosts: [{ id: HOST_ID, label: 'sip1b' }], pairs: [] },
        allChannels: true,
      }),
    );
    expect(ok.ok && ok.data).toMatchObject({
      conditions: ['would-not-serve', 'unknown'],
      scope: { kind: 'hosts', hostIds: [HOST_ID] },
      allChannels: true,
      channelIds: [],
    });
  });
});

describe('silence form', () => {
  it('requires a reason and an end after the start', () => {
    const form = initialSilenceForm(NOW);
    const missing = validateWith(ZAlertSilenceCreateSchema, silenceCreateInput(form, NOW));
    expect(!missing.ok && missing.errors.reason).toBe('Required.');
    const backwards = validateWith(
      ZAlertSilenceCreateSchema,
      silenceCreateInput({ ...form, reason: 'upgrade', endsAt: toLocalInput(new Date(NOW - 60_000)) }, NOW),
    );
    expect(!backwards.ok && backwards.errors.endsAt).toBe('the end must come after the start');
    const noHosts = validateWith(
      ZAlertSilenceCreateSchema,
      silenceCreateInput({ ...form, reason: 'upgrade', scope: { kind: 'hosts', hosts: [], pairs: [] } }, NOW),
    );
    expect(!noHosts.ok && errorAt(noHosts.errors, 'scope')).toBe('Choose at least one.');
  });

  it('starts now or at the scheduled local time, and ends an hour later by default', () => {
    const form = { ...initialSilenceForm(NOW), reason: 'upgrade' };
    const now = validateWith(ZAlertSilenceCreateSchema, silenceCreateInput(form, NOW));
    expect(now.ok && [now.data.startsAt.getTime(), now.data.endsAt.getTime() - NOW]).toEqual([
      NOW,
      3_600_000,
    ]);
    const later = silenceCreateInput({ ...form, startMode: 'scheduled', startsAt: '2026-11-29T10:30' }, NOW);
    expect((later.startsAt as Date).getTime()).toBe(new Date(2026, 10, 29, 10, 30).getTime());
    expect(fromLocalInput('')).toBeUndefined();
    expect(Number.isNaN(fromLocalInput('tomorrow')!.getTime())).toBe(true);
  });
});
