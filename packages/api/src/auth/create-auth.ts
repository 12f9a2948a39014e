import type { PrismaClient } from '@standby/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { admin } from 'better-auth/plugins/admin';
import { defaultAc } from 'better-auth/plugins/admin/access';
import { recordAudit } from '../services/audit-log';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-rule';
import { accountKey, SignInThrottle } from './sign-in-throttle';

export const CLIENT_IP_HEADER = 'x-standby-client-ip';

/**
 * Sign-ins per client address per minute. Generous, so one office behind a NAT is not locked out
 * by a single guesser; guessing one account's password is stopped by the per-account budget.
 */
export const ADDRESS_SIGN_IN_RULE = { window: 60, max: 30 } as const;

export interface CreateAuthOptions {
  /** Signs session cookies; at least 32 characters. */
  secret: string;
  /** The dashboard's public URL (cookie and origin checks). */
  baseURL: string;
  /** Browsers may sign in from these origins too (e.g. http://127.0.0.1:3000 beside localhost). */
  trustedOrigins?: string[];
}

// No role may use the admin plugin's endpoints, even from server code: Standby's own routers
// manage users (with role checks and the audit log). The plugin stays for the role and ban
// columns, and for refusing banned users at sign-in.
const NO_PLUGIN_PERMISSIONS = defaultAc.newRole({ user: [], session: [] });

/**
 * Sign-in with email and password, sessions in Postgres through Prisma, roles through the admin
 * plugin. Nobody signs up: admins create users (and the first admin comes from the setup token).
 * Over HTTP only sign-in and sign-out are reachable (http-surface.ts).
 */
export function createAuth(prisma: PrismaClient, options: CreateAuthOptions) {
  const throttle = new SignInThrottle(prisma);
  const ipOf = (headers: Headers | undefined) => headers?.get(CLIENT_IP_HEADER) ?? null;
  return betterAuth({
    secret: options.secret,
    baseURL: options.baseURL,
    trustedOrigins: options.trustedOrigins ?? [],
    database: prismaAdapter(prisma, { provider: 'postgresql' }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    telemetry: { enabled: false },
    // The dashboard's HTTP server writes the socket's address here (overwriting anything a client
    // sent), so rate limits and the audit log see the real client.
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] } },
    plugins: [
      admin({
        defaultRole: 'viewer',
        adminRoles: ['admin'],
        roles: {
          viewer: NO_PLUGIN_PERMISSIONS,
          operator: NO_PLUGIN_PERMISSIONS,
          admin: NO_PLUGIN_PERMISSIONS,
        },
      }),
    ],
    databaseHooks: {
      // Users come from Standby's services only (password rule, audit): better-auth itself, even
      // called from server code, creates none.
      user: { create: { before: async () => false } },
      // Impersonation is off: no session acting for someone else is ever stored.
      session: { create: { before: async (session) => !session.impersonatedBy } },
    },
    // Counted in the database so that several dashboard nodes share one budget per client.
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': { ...ADDRESS_SIGN_IN_RULE } },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-in/email') {
          const email = accountKey(ctx.body?.email);
          if (!email) return;
          const ticket = await throttle.reserve(email);
          if (ticket.allowed) return;
          await recordAudit(prisma, {
            actorType: 'user',
            actorId: null,
            actorLabel: email,
            action: 'user.sign-in-throttled',
            targetType: 'user',
            ip: ipOf(ctx.request?.headers),
          });
          const minutes = Math.ceil(ticket.retryAfterSeconds / 60);
          throw new APIError(
            'TOO_MANY_REQUESTS',
            {
              code: 'TOO_MANY_REQUESTS',
              message: `Too many failed sign-ins for this account. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
            },
            { 'Retry-After': String(ticket.retryAfterSeconds) },
          );
        }
        if (ctx.path === '/sign-out') {
          // Read before better-auth deletes it: who is signing out, from the signed cookie only.
          const token = await ctx.getSignedCookie(
            ctx.context.authCookies.sessionToken.name,
            ctx.context.secret,
          );
          if (!token) return;
          const session = await prisma.session.findUnique({ where: { token }, include: { user: true } });
          if (!session) return;
          await recordAudit(prisma, {
            actorType: 'user',
            actorId: session.userId,
            actorLabel: session.user.email,
            action: 'user.sign-out',
            targetType: 'user',
            targetId: session.userId,
            ip: ipOf(ctx.request?.headers),
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email = accountKey(ctx.body?.email);
        const failed = isAPIError(ctx.context.returned);
        const user = ctx.context.newSession?.user;
        if (!failed && email) await throttle.succeeded(email);
        await recordAudit(prisma, {
          actorType: 'user',
          actorId: failed ? null : (user?.id ?? null),
          actorLabel: email,
          action: failed ? 'user.sign-in-failed' : 'user.sign-in',
          targetType: 'user',
          targetId: user?.id ?? null,
          ip: ipOf(ctx.request?.headers),
        });
      }),
    },
  });
}

export type StandbyAuth = ReturnType<typeof createAuth>;
