/**
 * better-auth serves many endpoints over HTTP (admin user management, impersonation, profile and
 * email changes...). Standby's UI only signs in and out through it; every other account change goes
 * through Standby's own routers, which check roles and write the audit log. So the HTTP surface is
 * an allowlist: anything else answers 404 before better-auth sees the request.
 */
const AUTH_HTTP_ALLOWLIST: ReadonlySet<string> = new Set([
  'POST /api/auth/sign-in/email',
  'POST /api/auth/sign-out',
]);

export function isPublicAuthRoute(method: string | undefined, pathname: string): boolean {
  // better-auth ignores one trailing slash; so must the allowlist, or `/admin/x/` would slip by
  // as "not listed" while `/sign-out/` is refused for no reason.
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return AUTH_HTTP_ALLOWLIST.has(`${(method ?? 'GET').toUpperCase()} ${normalized}`);
}

/** The body of the 404: the same shape as every other refusal (a code and a message, nothing else). */
export const AUTH_ROUTE_NOT_FOUND = JSON.stringify({
  code: 'NOT_FOUND',
  message: 'No such endpoint. Account changes are made in the dashboard by an admin.',
});
