/**
 * Secrets never reach a log line: field names that hold one are censored by pino's `redact`, and
 * anything shaped like a Standby credential or a bearer/cookie value is masked inside free text
 * (error messages quote request bodies and headers more often than anyone intends).
 */
export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'credential',
  'secret',
  'authorization',
  'cookie',
  'set-cookie',
  'apiKey',
  'routingKey',
  'webhookUrl',
  'smtpPassword',
];

/** pino `redact.paths`: the keys at the top level, one and two levels down, and in request headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS.map((key) => `["${key}"]`),
  ...SECRET_KEYS.map((key) => `*["${key}"]`),
  ...SECRET_KEYS.map((key) => `*.*["${key}"]`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

// sba_ agent credentials, sbt_ API tokens, sbe_ enrollment tokens (and any future sb?_), bearer values,
// cookie pairs of the session and basic-auth user:password in URLs.
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bsb[a-z]_[A-Za-z0-9_-]{16,}/g, `sb?_${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/(better-auth\.[a-z_.]+=)[^;\s"]+/gi, `$1${REDACTED}`],
  [/(\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${REDACTED}@`],
];

export function maskSecrets(text: string): string {
  let masked = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) masked = masked.replace(pattern, replacement);
  return masked;
}
