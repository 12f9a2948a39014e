import { describe, expect, it } from 'vitest';
import {
  listChannelSecrets,
  ALERT_CHANNEL_SECRET_MARKER as MARKER,
  mergeChannelSecrets,
  redactChannelConfig,
  type TAlertChannelConfig,
  ZAlertChannelConfigInputSchema,
  ZAlertChannelConfigSchema,
  ZAlertNoticeSchema,
} from './alert-channels';
import { AppError } from './app-error';

const ROUTING_KEY = 'R0ut1ngKeyR0ut1ngKeyR0ut1ngKey32';

const webhook = ZAlertChannelConfigSchema.parse({
  kind: 'webhook',
  url: 'https://hooks.example.com/standby',
  secret: 'a-long-enough-signing-secret',
  headers: { Authorization: 'Bearer t0ken', 'X-Team': 'voice' },
});
const slack = ZAlertChannelConfigSchema.parse({
  kind: 'slack',
  webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET',
});
const email = ZAlertChannelConfigSchema.parse({
  kind: 'email',
  host: 'mail.example.com',
  port: 587,
  secure: 'starttls',
  username: 'standby',
  password: 'smtp-pa55',
  from: 'Standby <alerts@example.com>',
  to: ['oncall@example.com'],
});
const pagerduty = ZAlertChannelConfigSchema.parse({ kind: 'pagerduty', routingKey: ROUTING_KEY });

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('channel configuration schemas', () => {
  it('fills the defaults', () => {
    expect(pagerduty).toMatchObject({ eventsUrl: 'https://events.pagerduty.com/v2/enqueue' });
    expect(email).toMatchObject({ rejectUnauthorized: true });
  });

  it('takes http(s) URLs only', () => {
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'not a url']) {
      expect(ZAlertChannelConfigSchema.safeParse({ ...webhook, url }).success).toBe(false);
    }
  });

  it.each([
    ['Content-Type', 'text/plain'],
    ['content-length', '1'],
    ['X-Standby-Signature', 'sha256=00'],
    ['x-standby-anything', 'x'],
    ['Connection', 'close'],
    ['Transfer-Encoding', 'chunked'],
    ['Host', 'evil.example.com'],
    ['Bad Name', 'x'],
    ['X-Ok', 'line\r\nInjected: yes'],
  ])('refuses the custom header %s', (name, value) => {
    const result = ZAlertChannelConfigSchema.safeParse({ ...webhook, headers: { [name]: value } });
    expect(result.success).toBe(false);
  });

  it('refuses a header given twice in different case', () => {
    const headers = { 'X-Team': 'a', 'x-team': 'b' };
    expect(ZAlertChannelConfigSchema.safeParse({ ...webhook, headers }).success).toBe(false);
  });

  it('checks e-mail addresses and the routing key', () => {
    expect(ZAlertChannelConfigSchema.safeParse({ ...email, to: ['not-an-address'] }).success).toBe(false);
    expect(ZAlertChannelConfigSchema.safeParse({ ...email, to: [] }).success).toBe(false);
    expect(ZAlertChannelConfigSchema.safeParse({ ...email, from: 'alerts@example.com' }).success).toBe(true);
    expect(
      ZAlertChannelConfigSchema.safeParse({ ...email, from: 'x <a@b.c>\r\nBcc: all@example.com' }).success,
    ).toBe(false);
    expect(ZAlertChannelConfigSchema.safeParse({ ...pagerduty, routingKey: 'short' }).success).toBe(false);
  });

  it('takes the marker in place of a secret only in the input form', () => {
    const redacted = { ...slack, webhookUrl: MARKER };
    expect(ZAlertChannelConfigSchema.safeParse(redacted).success).toBe(false);
    expect(ZAlertChannelConfigInputSchema.safeParse(redacted).success).toBe(true);
    expect(ZAlertChannelConfigSchema.safeParse({ ...webhook, secret: MARKER }).success).toBe(false);
  });
});

describe('redactChannelConfig', () => {
  it('replaces every secret, and nothing else', () => {
    expect(redactChannelConfig(webhook)).toEqual({
      ...webhook,
      secret: MARKER,
      headers: { Authorization: MARKER, 'X-Team': MARKER },
    });
    expect(redactChannelConfig(slack)).toEqual({ kind: 'slack', webhookUrl: MARKER });
    expect(redactChannelConfig(email)).toEqual({ ...email, password: MARKER });
    expect(redactChannelConfig(pagerduty)).toEqual({ ...pagerduty, routingKey: MARKER });
  });

  it('leaves an unset optional secret unset, and the original untouched', () => {
    const { password: _, ...noAuth } = email as Extract<TAlertChannelConfig, { kind: 'email' }>;
    expect(redactChannelConfig(noAuth)).toEqual(noAuth);
    expect(JSON.stringify(redactChannelConfig(webhook))).not.toContain('t0ken');
    expect(webhook).toMatchObject({ secret: 'a-long-enough-signing-secret' });
  });

  it('round-trips through the input schema and back to the stored config', () => {
    for (const config of [webhook, slack, email, pagerduty]) {
      const sentBack = ZAlertChannelConfigInputSchema.parse(redactChannelConfig(config));
      expect(mergeChannelSecrets(config, sentBack)).toEqual(config);
    }
  });
});

describe('mergeChannelSecrets', () => {
  it('takes new secrets as given', () => {
    const incoming = ZAlertChannelConfigInputSchema.parse({
      ...slack,
      webhookUrl: 'https://hooks.slack.com/x',
    });
    expect(mergeChannelSecrets(slack, incoming)).toEqual(incoming);
  });

  it('keeps a header value given as the marker, matching the name without case', () => {
    const incoming = ZAlertChannelConfigInputSchema.parse({
      ...webhook,
      secret: MARKER,
      headers: { authorization: MARKER, 'X-Team': 'data' },
    });
    expect(mergeChannelSecrets(webhook, incoming)).toEqual({
      ...webhook,
      headers: { authorization: 'Bearer t0ken', 'X-Team': 'data' },
    });
  });

  it('refuses the marker with nothing stored to keep', () => {
    const incoming = ZAlertChannelConfigInputSchema.parse({ ...slack, webhookUrl: MARKER });
    expect(refusal(() => mergeChannelSecrets(null, incoming)).code).toBe('BAD_REQUEST');
    expect(refusal(() => mergeChannelSecrets(pagerduty, incoming)).message).toContain('webhookUrl');
    const newHeader = ZAlertChannelConfigInputSchema.parse({ ...webhook, headers: { 'X-New': MARKER } });
    expect(refusal(() => mergeChannelSecrets(webhook, newHeader)).message).toContain('headers.X-New');
  });

  it('refuses to carry a secret over to another receiver', () => {
    const moved = ZAlertChannelConfigInputSchema.parse({
      ...redactChannelConfig(email),
      host: 'mail.attacker.example',
    });
    expect(refusal(() => mergeChannelSecrets(email, moved)).message).toMatch(/password.*host changed/);
    const downgraded = ZAlertChannelConfigInputSchema.parse({
      ...redactChannelConfig(email),
      secure: 'none',
    });
    expect(refusal(() => mergeChannelSecrets(email, downgraded)).message).toContain('secure');
    const pd = ZAlertChannelConfigInputSchema.parse({
      ...redactChannelConfig(pagerduty),
      eventsUrl: 'https://proxy.example.com/enqueue',
    });
    expect(refusal(() => mergeChannelSecrets(pagerduty, pd)).message).toContain('eventsUrl');
    const hook = ZAlertChannelConfigInputSchema.parse({
      ...redactChannelConfig(webhook),
      url: 'https://elsewhere.example.com',
    });
    expect(refusal(() => mergeChannelSecrets(webhook, hook)).message).toContain('url changed');
    // the signing secret itself never leaves, so it may stay when only the URL moves
    const hookSecretOnly = ZAlertChannelConfigInputSchema.parse({
      ...redactChannelConfig(webhook),
      url: 'https://elsewhere.example.com',
      headers: undefined,
    });
    expect(mergeChannelSecrets(webhook, hookSecretOnly)).toMatchObject({
      secret: 'a-long-enough-signing-secret',
    });
  });
});

describe('listChannelSecrets', () => {
  it('lists the set secrets of each kind', () => {
    expect(listChannelSecrets(webhook).sort()).toEqual([
      'Bearer t0ken',
      'a-long-enough-signing-secret',
      'voice',
    ]);
    expect(listChannelSecrets(email)).toEqual(['smtp-pa55']);
    expect(listChannelSecrets(redactChannelConfig(pagerduty))).toEqual([]);
  });
});

describe('ZAlertNoticeSchema', () => {
  const notice = {
    kind: 'trigger',
    alertId: 'a1',
    dedupKey: 'host-1:would-not-serve',
    severity: 'critical',
    condition: 'would-not-serve',
    title: 'sip3b would not serve if promoted: Smart Proxy not ready within 60 s',
    host: { id: 'host-1', hostname: 'sip3b', application: 'SIP_Server_B' },
    pair: { id: 'pair-1', name: 'sip3' },
    verdict: 'WOULD_NOT_SERVE',
    reasons: ['Smart Proxy not ready within 60 s'],
    link: 'https://standby.example.com/hosts/host-1',
    at: '2026-01-02T03:04:05.000Z',
  };

  it('takes a notice and refuses a title on two lines', () => {
    expect(ZAlertNoticeSchema.parse(notice)).toEqual(notice);
    expect(ZAlertNoticeSchema.safeParse({ ...notice, title: 'a\nb' }).success).toBe(false);
    expect(ZAlertNoticeSchema.safeParse({ ...notice, host: null, pair: null, verdict: null }).success).toBe(
      true,
    );
  });
});
