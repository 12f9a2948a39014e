/**
 * A notice a channel could not deliver. `retryable` says whether sending the same notice later may
 * succeed (the receiver was down, slow, or asked to slow down) or not (it refused what was sent: fix
 * the channel first). The message names the receiver and its answer, e.g. "HTTP 503 from
 * hooks.example.com" — never a secret of the channel (sendAlertNotice scrubs them out).
 */
export class ChannelDeliveryError extends Error {
  readonly retryable: boolean;
  /** When the receiver said when to come back (HTTP Retry-After). */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number | undefined }) {
    super(message);
    this.name = 'ChannelDeliveryError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * `message` with each secret (4+ characters) replaced by a marker. A secret that is a URL (a Slack
 * webhook) is also looked for by its path and query, and by each long path segment (its token), as
 * a receiver may echo those alone.
 */
export function scrubSecrets(message: string, secrets: readonly string[]): string {
  let scrubbed = message;
  const variants = secrets.flatMap(secretVariants);
  for (const secret of variants.sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('[secret]');
  }
  return scrubbed;
}

function secretVariants(secret: string): string[] {
  if (!/^https?:\/\//i.test(secret) || !URL.canParse(secret)) return [secret];
  const url = new URL(secret);
  const segments = url.pathname.split('/').filter((segment) => segment.length >= 16);
  return [secret, `${url.pathname}${url.search}`, url.pathname, url.search, ...segments].filter(
    (variant) => variant.length > 1,
  );
}

/** One line of at most `max` characters from a receiver's answer, for an error message. */
export function snippetOf(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
