/**
 * Where to go after signing in: only a path on this site (never `//host` or `https://…`, which would turn
 * the sign-in page into an open redirect).
 */
export function safeNextPath(next: string | null | undefined, fallback = '/fleet'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  // Browsers drop tabs and newlines from URLs (`/\t/evil.com` becomes `//evil.com`), and read `\` as `/`.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  if (next.startsWith('/sign-in') || next.startsWith('/setup')) return fallback;
  return next;
}

export function signInHref(next: string): string {
  return `/sign-in?next=${encodeURIComponent(next)}`;
}
