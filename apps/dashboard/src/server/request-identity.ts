import type { IncomingHttpHeaders } from 'node:http';
import {
  type ApiTokenGrant,
  type AuthenticatedAgent,
  authenticateApiToken,
  isRole,
  type SessionUser,
  type StandbyAuth,
} from '@standby/api';
import type { PrismaClient } from '@standby/db';
import { API_TOKEN_PREFIX, AppError } from '@standby/protocol';
import { TRPCError } from '@trpc/server';
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

/** Who a request acts as: one of a browser user, a user through an API token, or an agent. */
export interface RequestIdentity {
  user: SessionUser | null;
  apiToken: ApiTokenGrant | null;
  agent: AuthenticatedAgent | null;
}

export interface IdentityDeps {
  prisma: PrismaClient;
  auth: StandbyAuth;
  authenticateAgent: (credential: string | null) => Promise<AuthenticatedAgent | null>;
}

/** Thrown from a context factory: tRPC and the REST handler both answer it as 401 `{code, message}`. */
function unauthorized(message: string): TRPCError {
  return new TRPCError({ code: 'UNAUTHORIZED', message, cause: new AppError('UNAUTHORIZED', message) });
}

const TOKEN_REFUSED = 'API token unknown, expired or revoked (or its owner is disabled).';

/**
 * Routes the bearer credential by its prefix: `sbt_` is an API token (looked up on every request, so a
 * revocation on any node applies to the next request), anything else an agent credential. A request
 * with an API token acts only as that token, whatever cookies it carries. A token that does not
 * authenticate is refused outright (401) rather than treated as anonymous.
 */
export async function identifyRequest(
  deps: IdentityDeps,
  headers: IncomingHttpHeaders,
): Promise<RequestIdentity> {
  const credential = bearerCredential(headers);
  if (credential?.startsWith(API_TOKEN_PREFIX)) {
    const token = await authenticateApiToken(deps.prisma, credential);
    if (!token) throw unauthorized(TOKEN_REFUSED);
    return { user: token.user, apiToken: token.grant, agent: null };
  }
  return {
    user: await sessionUserFromHeaders(deps.auth, headers),
    apiToken: null,
    agent: await deps.authenticateAgent(credential),
  };
}

/** The REST API (/api/v1) takes API tokens only: no cookies (so no cross-site requests), no agents. */
export async function identifyApiTokenRequest(
  prisma: PrismaClient,
  headers: IncomingHttpHeaders,
): Promise<RequestIdentity> {
  const credential = bearerCredential(headers);
  if (!credential?.startsWith(API_TOKEN_PREFIX))
    throw unauthorized('This API needs an API token: send "Authorization: Bearer sbt_…".');
  const token = await authenticateApiToken(prisma, credential);
  if (!token) throw unauthorized(TOKEN_REFUSED);
  return { user: token.user, apiToken: token.grant, agent: null };
}
