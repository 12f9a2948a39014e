import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import {
  type AuthenticatedAgent,
  authenticateAgent,
  isRole,
  type SessionUser,
  type StandbyAuth,
} from '@standby/api';
import type { PrismaClient } from '@standby/db';
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

/** The enrolled agent behind `Authorization: Bearer <credential>`, or null. */
export async function agentFromHeaders(
  prisma: PrismaClient,
  headers: IncomingHttpHeaders,
): Promise<AuthenticatedAgent | null> {
  const header = headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return authenticateAgent(prisma, header.slice('Bearer '.length).trim());
}

export function clientIp(req: IncomingMessage): string | null {
  return req.socket.remoteAddress ?? null;
}
