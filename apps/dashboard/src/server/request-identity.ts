import type { IncomingHttpHeaders } from 'node:http';
import { isRole, type SessionUser, type StandbyAuth } from '@standby/api';
import { fromNodeHeaders } from 'better-auth/node';

/** The signed-in user behind a request's session cookie, or null. Disabled users have no session. */
export async function sessionUserFromHeaders(
  auth: StandbyAuth,
  headers: IncomingHttpHeaders,
): Promise<SessionUser | null> {
  if (!headers.cookie) return null;
  const session = await auth.api.getSession({ headers: fromNodeHeaders(headers) }).catch(() => null);
  const user = session?.user;
  if (!user || user.banned) return null;
  // An unknown role string gets no access rather than a guess.
  if (!isRole(user.role)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The credential in `Authorization: Bearer <credential>`, or null. */
export function bearerCredential(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}
