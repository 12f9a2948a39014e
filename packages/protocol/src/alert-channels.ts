import { z } from 'zod';
import { AppError } from './app-error';
import { zSafeText } from './safe-text';

// ---------------------------------------------------------------------------------------------
// The notice: what every channel sends, whatever its kind.
// ---------------------------------------------------------------------------------------------

export const ALERT_NOTICE_KINDS = ['trigger', 'resolve', 'test'] as const;
export const ALERT_NOTICE_SEVERITIES = ['critical', 'warning', 'info'] as const;

export const ZAlertNoticeSchema = z.strictObject({
  kind: z.enum(ALERT_NOTICE_KINDS),
  alertId: z.string().min(1).max(255),
  /** Stable per host + condition: the same for an alert's trigger and its resolve (PagerDuty's dedup_key). */
  dedupKey: z.string().min(1).max(255),
  severity: z.enum(ALERT_NOTICE_SEVERITIES),
  condition: z.string().min(1).max(255),
  /** One line, e.g. "sip3b would not serve if promoted: Smart Proxy not ready within 60 s". */
  title: z
    .string()
    .min(1)
    .max(1024)
    .refine((title) => !/[\r\n]/.test(title), 'one line'),
  host: z.strictObject({ id: z.string(), hostname: z.string(), application: z.string() }).nullable(),
  pair: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  verdict: z.string().nullable(),
  reasons: z.array(z.string()),
  /** The host's page, or the dashboard for a test. */
  link: z.url({ protocol: /^https?$/ }),
  at: z.iso.datetime({ offset: true }),
});
export type TAlertNotice = z.infer<typeof ZAlertNoticeSchema>;
export type TAlertNoticeKind = TAlertNotice['kind'];

// ---------------------------------------------------------------------------------------------
// Channel configurations, one per kind.
// ---------------------------------------------------------------------------------------------

export const ALERT_CHANNEL_KINDS = ['webhook', 'slack', 'email', 'pagerduty'] as const;
export type TAlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

/**
 * What a redacted configuration carries in place of each secret, and what the UI sends back for
 * "unchanged" (see mergeChannelSecrets). Shown as is in a form: it reads as a masked value.
 */
export const ALERT_CHANNEL_SECRET_MARKER = '••••••••';

export const DEFAULT_PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** Headers a webhook always sets itself; a custom header may not replace them. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Standby-Signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'X-Standby-Timestamp';
export const WEBHOOK_DELIVERY_HEADER = 'X-Standby-Delivery';

const RESERVED_HEADERS = new Set([
  // set by the sender
  'content-type',
  'content-length',
  'content-encoding',
  'host',
  'user-agent',
  WEBHOOK_SIGNATURE_HEADER.toLowerCase(),
  WEBHOOK_TIMESTAMP_HEADER.toLowerCase(),
  WEBHOOK_DELIVERY_HEADER.toLowerCase(),
  // hop-by-hop (RFC 9110 §7.6.1) and their relatives
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'http2-settings',
]);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Visible ASCII, space and tab: what fetch sends unchanged (no CR/LF: no header injection). */
const HEADER_VALUE = /^[\t\x20-\x7e]{0,2000}$/;
const HOSTNAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const NO_LINE_BREAK = /^[^\r\n]*$/;

const ZHttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

function headerProblem(name: string): string | null {
  if (!HEADER_NAME.test(name)) return `"${name.slice(0, 100)}" is not a valid header name`;
  if (RESERVED_HEADERS.has(name.toLowerCase()) || name.toLowerCase().startsWith('x-standby-'))
    return `${name} is set by Standby (or is a hop-by-hop header) and cannot be overridden`;
  return null;
}

/** Header names only: each value is checked as a secret is (see channelConfigSchema). */
function checkHeaderNames(headers: Record<string, string>, ctx: z.RefinementCtx): void {
  const names = Object.keys(headers);
  if (names.length > 20) ctx.addIssue({ code: 'custom', message: 'at most 20 headers' });
  const seen = new Set<string>();
  for (const name of names) {
    const problem = headerProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [name] });
    if (seen.has(name.toLowerCase()))
      ctx.addIssue({ code: 'custom', message: `${name} is given twice`, path: [name] });
    seen.add(name.toLowerCase());
  }
}

/** `alerts@example.com` or `Standby <alerts@example.com>`. */
function isMailbox(value: string): boolean {
  if (!NO_LINE_BREAK.test(value)) return false;
  const named = /^([^<>"]*|"[^"]*")\s*<([^<>]+)>$/.exec(value.trim());
  const address = named ? named[2]! : value.trim();
  return z.email().safeParse(address).success;
}

/**
 * The two forms of every configuration: the stored one (secrets are real values: what the senders
 * take) and the one a form sends (a secret may be the marker, meaning "keep the stored one").
 */
function channelConfigSchema(secret: (value: z.ZodType<string>) => z.ZodType<string>) {
  return z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('webhook'),
      url: ZHttpUrl,
      /** Key of the HMAC-SHA256 in X-Standby-Signature. */
      secret: secret(zSafeText(500).min(16, 'at least 16 characters')),
      /** Sent with every request, e.g. an Authorization for a receiver that wants one; values are secrets. */
      headers: z
        .record(
          z.string(),
          secret(z.string().regex(HEADER_VALUE, 'printable ASCII, at most 2000 characters')),
        )
        .superRefine(checkHeaderNames)
        .optional(),
    }),
    z.strictObject({
      kind: z.literal('slack'),
      /** A Slack incoming webhook; its path is the credential. */
      webhookUrl: secret(ZHttpUrl),
    }),
    z.strictObject({
      kind: z.literal('email'),
      host: z.string().min(1).max(253).regex(HOSTNAME, 'a host name or IPv4 address, without a scheme'),
      port: z.number().int().min(1).max(65535),
      /** tls: TLS from the first byte (usually 465); starttls: required upgrade (usually 587); none: plain. */
      secure: z.enum(['tls', 'starttls', 'none']),
      username: zSafeText(320).min(1).regex(NO_LINE_BREAK).optional(),
      password: secret(zSafeText(500).min(1)).optional(),
      from: z.string().max(320).refine(isMailbox, 'an address, or "Name <address>"'),
      to: z.array(z.email().max(320)).min(1).max(50),
      /** false accepts any certificate (a self-signed relay): say so to whoever sets it. */
      rejectUnauthorized: z.boolean().default(true),
    }),
    z.strictObject({
      kind: z.literal('pagerduty'),
      /** The integration key of an Events API v2 integration. */
      routingKey: secret(z.string().regex(/^[A-Za-z0-9]{32}$/, '32 letters and digits')),
      eventsUrl: ZHttpUrl.default(DEFAULT_PAGERDUTY_EVENTS_URL),
    }),
  ]);
}

const notMarker = (value: z.ZodType<string>) =>
  value.refine((v) => v !== ALERT_CHANNEL_SECRET_MARKER, 'enter the secret (nothing stored to keep)');
const orMarker = (value: z.ZodType<string>) => z.union([z.literal(ALERT_CHANNEL_SECRET_MARKER), value]);

/** A complete configuration, as stored and as the senders take it. */
export const ZAlertChannelConfigSchema = channelConfigSchema(notMarker);
export type TAlertChannelConfig = z.infer<typeof ZAlertChannelConfigSchema>;
export type TAlertChannelConfigOf<K extends TAlertChannelKind> = Extract<TAlertChannelConfig, { kind: K }>;

/**
 * A configuration as a form sends it back (create or update): any secret may be
 * ALERT_CHANNEL_SECRET_MARKER, "unchanged". Turn it into a complete one with mergeChannelSecrets.
 */
export const ZAlertChannelConfigInputSchema = channelConfigSchema(orMarker);
export type TAlertChannelConfigInput = z.infer<typeof ZAlertChannelConfigInputSchema>;

// ---------------------------------------------------------------------------------------------
// Secrets: which fields, redaction for reading, merging for writing.
// ---------------------------------------------------------------------------------------------

/**
 * Which fields are secrets, per kind. `headers.*` is every custom header's value. Each lists the
 * fields that say where the secret goes (`boundTo`): change one of them and a kept secret would go
 * somewhere its owner never sent it, so the secret must then be entered again.
 */
export const ALERT_CHANNEL_SECRET_FIELDS = {
  webhook: [
    { field: 'secret', boundTo: [] },
    { field: 'headers.*', boundTo: ['url'] },
  ],
  slack: [{ field: 'webhookUrl', boundTo: [] }],
  email: [{ field: 'password', boundTo: ['host', 'port', 'secure', 'username'] }],
  pagerduty: [{ field: 'routingKey', boundTo: ['eventsUrl'] }],
} as const satisfies Record<TAlertChannelKind, readonly { field: string; boundTo: readonly string[] }[]>;

type TAnyConfig = TAlertChannelConfig | TAlertChannelConfigInput;

/** Each secret of a configuration: a display path, and how to read and write it. */
interface SecretSlot {
  path: string;
  boundTo: readonly string[];
  get(config: Record<string, unknown>): string | undefined;
  set(config: Record<string, unknown>, value: string): void;
}

function secretSlots(config: TAnyConfig): SecretSlot[] {
  const slots: SecretSlot[] = [];
  for (const { field, boundTo } of ALERT_CHANNEL_SECRET_FIELDS[config.kind]) {
    if (field === 'headers.*') {
      const headers = (config as { headers?: Record<string, string> }).headers ?? {};
      for (const name of Object.keys(headers)) {
        const find = (c: Record<string, unknown>) => {
          const record = (c.headers ?? {}) as Record<string, string>;
          return Object.keys(record).find((key) => key.toLowerCase() === name.toLowerCase());
        };
        slots.push({
          path: `headers.${name}`,
          boundTo,
          get: (c) => {
            const key = find(c);
            return key === undefined ? undefined : (c.headers as Record<string, string>)[key];
          },
          set: (c, value) => {
            (c.headers as Record<string, string>)[name] = value;
          },
        });
      }
    } else {
      slots.push({
        path: field,
        boundTo,
        get: (c) => (typeof c[field] === 'string' ? (c[field] as string) : undefined),
        set: (c, value) => {
          c[field] = value;
        },
      });
    }
  }
  return slots;
}

function cloneConfig<T extends TAnyConfig>(config: T): T {
  return structuredClone(config);
}

/** The configuration to show or send to a browser: every secret that is set becomes the marker. */
export function redactChannelConfig(config: TAlertChannelConfig): TAlertChannelConfigInput {
  const copy = cloneConfig(config) as Record<string, unknown>;
  for (const slot of secretSlots(config)) {
    if (slot.get(copy) !== undefined) slot.set(copy, ALERT_CHANNEL_SECRET_MARKER);
  }
  return copy as TAlertChannelConfigInput;
}

/** Every secret value of a configuration (to keep them out of error messages and logs). */
export function listChannelSecrets(config: TAnyConfig): string[] {
  const record = config as Record<string, unknown>;
  return secretSlots(config)
    .map((slot) => slot.get(record))
    .filter((value): value is string => !!value && value !== ALERT_CHANNEL_SECRET_MARKER);
}

/**
 * The configuration to store from what a form sent: each secret given as the marker keeps the
 * stored value. Refused (AppError BAD_REQUEST) when there is none to keep (a new channel, another
 * kind, a header that was not there), or when a field the secret is bound to changed (the new
 * receiver must be given the secret by whoever changes it, not inherit it). The result is parsed
 * with ZAlertChannelConfigSchema.
 */
export function mergeChannelSecrets(
  previous: TAlertChannelConfig | null | undefined,
  incoming: TAlertChannelConfigInput,
): TAlertChannelConfig {
  const merged = cloneConfig(incoming) as Record<string, unknown>;
  const before = previous?.kind === incoming.kind ? (previous as Record<string, unknown>) : null;
  for (const slot of secretSlots(incoming)) {
    if (slot.get(merged) !== ALERT_CHANNEL_SECRET_MARKER) continue;
    const kept = before ? slot.get(before) : undefined;
    if (!before || kept === undefined)
      throw new AppError('BAD_REQUEST', `Enter the ${slot.path} value: there is no stored one to keep.`);
    const moved = slot.boundTo.filter((field) => !sameValue(before[field], merged[field]));
    if (moved.length > 0)
      throw new AppError(
        'BAD_REQUEST',
        `Enter the ${slot.path} value again: ${moved.join(', ')} changed, and the stored secret is not sent to a new receiver.`,
      );
    slot.set(merged, kept);
  }
  const parsed = ZAlertChannelConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(config)'))];
    throw new AppError('BAD_REQUEST', `Invalid channel configuration: ${where.join(', ')}.`);
  }
  return parsed.data;
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
