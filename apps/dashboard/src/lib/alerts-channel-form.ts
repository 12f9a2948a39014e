import {
  ALERT_CHANNEL_SECRET_MARKER,
  DEFAULT_PAGERDUTY_EVENTS_URL,
  type TAlertChannelConfigInput,
  type TAlertChannelKind,
} from '@standby/protocol';

/** What a channel form holds while it is edited: every kind's fields as text, so switching kind loses nothing. */
export interface TChannelFormState {
  name: string;
  enabled: boolean;
  kind: TAlertChannelKind;
  webhook: { url: string; secret: string; headers: { name: string; value: string }[] };
  slack: { webhookUrl: string };
  email: {
    host: string;
    port: string;
    secure: 'tls' | 'starttls' | 'none';
    username: string;
    password: string;
    from: string;
    /** Addresses, one per line or separated by commas. */
    to: string;
    rejectUnauthorized: boolean;
  };
  pagerduty: { routingKey: string; eventsUrl: string };
}

export const CHANNEL_KIND_LABELS: Readonly<Record<TAlertChannelKind, string>> = {
  webhook: 'Webhook',
  slack: 'Slack',
  email: 'Email',
  pagerduty: 'PagerDuty',
};

export const SMTP_SECURITY_LABELS = {
  tls: 'TLS (usually port 465)',
  starttls: 'STARTTLS (usually port 587)',
  none: 'None (plain text)',
} as const;

const DEFAULT_PORTS = { tls: '465', starttls: '587', none: '25' } as const;

export function emptyChannelForm(kind: TAlertChannelKind = 'webhook'): TChannelFormState {
  return {
    name: '',
    enabled: true,
    kind,
    webhook: { url: '', secret: '', headers: [] },
    slack: { webhookUrl: '' },
    email: {
      host: '',
      port: DEFAULT_PORTS.starttls,
      secure: 'starttls',
      username: '',
      password: '',
      from: '',
      to: '',
      rejectUnauthorized: true,
    },
    pagerduty: { routingKey: '', eventsUrl: DEFAULT_PAGERDUTY_EVENTS_URL },
  };
}

/** The form for an existing channel: its redacted configuration (secrets are the marker, "unchanged"). */
export function channelFormFromView(view: {
  name: string;
  enabled: boolean;
  config: TAlertChannelConfigInput;
}): TChannelFormState {
  const form = emptyChannelForm(view.config.kind);
  form.name = view.name;
  form.enabled = view.enabled;
  const config = view.config;
  switch (config.kind) {
    case 'webhook':
      form.webhook = {
        url: config.url,
        secret: config.secret,
        headers: Object.entries(config.headers ?? {}).map(([name, value]) => ({ name, value })),
      };
      break;
    case 'slack':
      form.slack = { webhookUrl: config.webhookUrl };
      break;
    case 'email':
      form.email = {
        host: config.host,
        port: String(config.port),
        secure: config.secure,
        username: config.username ?? '',
        password: config.password ?? '',
        from: config.from,
        to: config.to.join('\n'),
        rejectUnauthorized: config.rejectUnauthorized,
      };
      break;
    case 'pagerduty':
      form.pagerduty = { routingKey: config.routingKey, eventsUrl: config.eventsUrl };
      break;
  }
  return form;
}

/** A port as typed: a number when it is one, else the text (the schema then says what is wrong). */
function portValue(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export function splitAddresses(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((address) => address.trim())
    .filter(Boolean);
}

/**
 * The configuration as the server's schema takes it (ZAlertChannelConfigInputSchema), built from the
 * form without judging it: the schema says what is wrong, field by field. Empty optional fields are left out.
 */
export function channelConfigFromForm(form: TChannelFormState): Record<string, unknown> {
  switch (form.kind) {
    case 'webhook': {
      const headers = form.webhook.headers.filter((header) => header.name.trim() || header.value);
      return {
        kind: 'webhook',
        url: form.webhook.url.trim(),
        secret: form.webhook.secret,
        ...(headers.length
          ? { headers: Object.fromEntries(headers.map((header) => [header.name.trim(), header.value])) }
          : {}),
      };
    }
    case 'slack':
      return { kind: 'slack', webhookUrl: form.slack.webhookUrl.trim() };
    case 'email': {
      const email = form.email;
      return {
        kind: 'email',
        host: email.host.trim(),
        port: portValue(email.port),
        secure: email.secure,
        ...(email.username.trim() ? { username: email.username.trim() } : {}),
        ...(email.password ? { password: email.password } : {}),
        from: email.from.trim(),
        to: splitAddresses(email.to),
        rejectUnauthorized: email.rejectUnauthorized,
      };
    }
    case 'pagerduty':
      return {
        kind: 'pagerduty',
        routingKey: form.pagerduty.routingKey.trim(),
        eventsUrl: form.pagerduty.eventsUrl.trim() || DEFAULT_PAGERDUTY_EVENTS_URL,
      };
  }
}

/** The create input (ZAlertChannelCreateSchema's shape), before validation. */
export function channelCreateInput(form: TChannelFormState): Record<string, unknown> {
  return { name: form.name.trim(), enabled: form.enabled, config: channelConfigFromForm(form) };
}

export function isSecretSet(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}

/** One line per fact, for the channel list: where notices go and whether each secret is set (never the secret). */
export function channelTargetSummary(config: TAlertChannelConfigInput): string[] {
  const setOrNot = (label: string, value: string | undefined) =>
    `${label}: ${isSecretSet(value) ? 'set' : 'not set'}`;
  switch (config.kind) {
    case 'webhook': {
      const names = Object.keys(config.headers ?? {});
      return [
        `POST ${hostOf(config.url)}`,
        setOrNot('signing secret', config.secret),
        names.length ? `headers: ${names.join(', ')} (values hidden)` : 'no custom headers',
      ];
    }
    case 'slack':
      return ['Slack incoming webhook', setOrNot('webhook URL', config.webhookUrl)];
    case 'email':
      return [
        `SMTP ${config.host}:${config.port} (${config.secure})`,
        `from ${config.from} to ${config.to.join(', ')}`,
        config.username
          ? `user ${config.username}, ${setOrNot('password', config.password)}`
          : 'no authentication',
        ...(config.rejectUnauthorized ? [] : ['accepts any certificate']),
      ];
    case 'pagerduty':
      return [
        config.eventsUrl === DEFAULT_PAGERDUTY_EVENTS_URL
          ? 'PagerDuty Events API v2'
          : `Events API at ${hostOf(config.eventsUrl)}`,
        setOrNot('routing key', config.routingKey),
      ];
  }
}

/** The receiver's host only: a URL's path can be its credential (Slack). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

/** Whether a secret field still holds the stored value ("unchanged"). */
export function isKeptSecret(value: string): boolean {
  return value === ALERT_CHANNEL_SECRET_MARKER;
}

export function defaultPortFor(secure: TChannelFormState['email']['secure']): string {
  return DEFAULT_PORTS[secure];
}
