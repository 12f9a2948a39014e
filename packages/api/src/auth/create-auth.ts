import type { PrismaClient } from '@standby/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';
import { admin } from 'better-auth/plugins/admin';
import { adminAc, defaultAc } from 'better-auth/plugins/admin/access';
import { recordAudit } from '../services/audit-log';

export const CLIENT_IP_HEADER = 'x-standby-client-ip';

export interface CreateAuthOptions {
  /** Signs session cookies; at least 32 characters. */
  secret: string;
  /** The dashboard's public URL (cookie and origin checks). */
  baseURL: string;
  /** Browsers may sign in from these origins too (e.g. http://127.0.0.1:3000 beside localhost). */
  trustedOrigins?: string[];
}

/**
 * Sign-in with email and password, sessions in Postgres through Prisma, roles through the admin
 * plugin. Nobody signs up: admins create users (and the first admin comes from the setup token).
 */
export function createAuth(prisma: PrismaClient, options: CreateAuthOptions) {
  return betterAuth({
    secret: options.secret,
    baseURL: options.baseURL,
    trustedOrigins: options.trustedOrigins ?? [],
    database: prismaAdapter(prisma, { provider: 'postgresql' }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
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
          viewer: defaultAc.newRole({ user: [], session: [] }),
          operator: defaultAc.newRole({ user: [], session: [] }),
          admin: adminAc,
        },
      }),
    ],
    // Counted in the database so that several dashboard nodes share one budget per client.
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': { window: 60, max: 10 } },
    },
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email = typeof ctx.body?.email === 'string' ? ctx.body.email.toLowerCase().slice(0, 255) : null;
        const failed = isAPIError(ctx.context.returned);
        const user = ctx.context.newSession?.user;
        await recordAudit(prisma, {
          actorType: 'user',
          actorId: failed ? null : (user?.id ?? null),
          actorLabel: email,
          action: failed ? 'user.sign-in-failed' : 'user.sign-in',
          targetType: 'user',
          targetId: user?.id ?? null,
          ip: ctx.request?.headers.get(CLIENT_IP_HEADER) ?? null,
        });
      }),
    },
  });
}

export type StandbyAuth = ReturnType<typeof createAuth>;
