import type { ServerResponse } from 'node:http';

// The security headers every response carries (pages, API, health, exports, refusals).
//
// CSP: Next.js puts its bootstrap in inline <script> tags. Nonces would avoid 'unsafe-inline' but
// force every page to render per request (no static pages), so inline scripts are allowed and the
// rest is locked down: only our own origin for scripts, styles, data and sockets; no plugins, no
// framing, no foreign form targets or <base>. The dev server also needs 'unsafe-eval' (React's
// debugging and fast refresh).

export interface SecurityHeaderOptions {
  /** The URL browsers use to reach the dashboard: its WebSocket form is allowed for socket.io. */
  publicUrl: string;
  dev: boolean;
}

export function securityHeaders({ publicUrl, dev }: SecurityHeaderOptions): Record<string, string> {
  const url = new URL(publicUrl);
  const socketOrigin = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${socketOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    // Only over HTTPS (a browser ignores it on plain HTTP, and it would pin a later HTTPS setup).
    ...(url.protocol === 'https:' ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Sets them before any handler runs; handlers may add others but do not remove these. */
export function applySecurityHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
