import type { IncomingHttpHeaders } from 'node:http';

// Cross-site request refusal. Browsers send `Origin` with every state-changing request and every
// WebSocket/polling handshake, and `Sec-Fetch-Site` with most; agents, scripts and curl send neither.
// So: a request that names an origin must name a trusted one; one that says it is cross-site without
// naming a trusted origin is refused; one that names nothing passes (its credential decides).

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginPolicy {
  /** Why a request must be refused, or null. Safe methods (GET, HEAD, OPTIONS) always pass. */
  refusalOf(method: string | undefined, headers: IncomingHttpHeaders): string | null;
  /** The same rule for a socket.io handshake (any method: a handshake opens a channel both ways). */
  refusalOfHandshake(headers: IncomingHttpHeaders): string | null;
}

/**
 * `trusted`: the public URL and the other origins browsers may use (the list better-auth trusts for
 * sign-in). Entries are origins (`https://ops.example.com`) or better-auth-style wildcards
 * (`https://*.example.com`).
 */
export function createOriginPolicy(trusted: readonly string[]): OriginPolicy {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of trusted) {
    if (entry.includes('*')) patterns.push(wildcardPattern(entry));
    else {
      const origin = originOf(entry);
      if (origin) exact.add(origin);
    }
  }
  const isTrusted = (origin: string) => {
    const normalized = originOf(origin);
    return normalized !== null && (exact.has(normalized) || patterns.some((p) => p.test(normalized)));
  };
  const refusal = (headers: IncomingHttpHeaders): string | null => {
    const origin = single(headers.origin);
    if (origin !== undefined) {
      return isTrusted(origin) ? null : `Requests from ${describe(origin)} are not accepted here.`;
    }
    if (single(headers['sec-fetch-site'])?.toLowerCase() === 'cross-site')
      return 'Cross-site requests are not accepted here.';
    return null;
  };
  return {
    refusalOf: (method, headers) =>
      SAFE_METHODS.has((method ?? 'GET').toUpperCase()) ? null : refusal(headers),
    refusalOfHandshake: refusal,
  };
}

/** `scheme://host[:port]` in lower case, or null for "null" and anything that is not an http(s) URL. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}

function wildcardPattern(entry: string): RegExp {
  const withScheme = entry.includes('://') ? entry : `https://${entry}`;
  const escaped = withScheme
    .toLowerCase()
    .replace(/\/+$/, '')
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/.:]+(?:\\.[^/.:]+)*');
  return new RegExp(`^${escaped}$`);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The origin as shown in a refusal: bounded, printable. */
function describe(origin: string): string {
  const shown = origin.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
  return shown === 'null' ? 'an opaque origin ("null")' : shown;
}
