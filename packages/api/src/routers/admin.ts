import { zSafeText } from '@standby/protocol';
import { z } from 'zod';
import { ZPasswordSchema } from '../auth/password-rule';
import { ROLES } from '../auth/roles';
import { listAgents, listEnrollmentTokens, revokeAgentEverywhere } from '../services/agent-admin';
import { createEnrollmentToken, revokeEnrollmentToken } from '../services/enrollment';
import { addUser, changeUser, endUserSessions, listUsers, setUserPassword } from '../services/user-admin';
import { actorOf, adminProcedure, createRouter } from '../trpc';

/** Users, roles and agent enrollment: admins only. */
export const adminRouter = createRouter({
  users: adminProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          email: z.string(),
          name: z.string(),
          role: z.string(),
          disabled: z.boolean(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => listUsers(ctx.prisma)),

  createUser: adminProcedure
    .input(
      z.object({
        email: z.email().max(255),
        name: zSafeText().trim().min(1).max(120),
        password: ZPasswordSchema,
        role: z.enum(ROLES),
      }),
    )
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => addUser(ctx.prisma, input, actorOf(ctx.user, ctx.ip))),

  /** Changes a role or disables a user; their sessions end so the change applies at once. */
  updateUser: adminProcedure
    .input(
      z.object({
        userId: zSafeText(64).min(1),
        role: z.enum(ROLES).optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await changeUser(ctx.prisma, input, actorOf(ctx.user, ctx.ip));
      return { ok: true as const };
    }),

  /** Sets a user's password (same rule as everywhere); their sessions end. */
  setUserPassword: adminProcedure
    .input(z.object({ userId: zSafeText(64).min(1), password: ZPasswordSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await setUserPassword(ctx.prisma, input, actorOf(ctx.user, ctx.ip));
      return { ok: true as const };
    }),

  /** Signs a user out on every device at once. */
  endUserSessions: adminProcedure
    .input(z.object({ userId: zSafeText(64).min(1) }))
    .output(z.object({ ended: z.number().int() }))
    .mutation(({ ctx, input }) => endUserSessions(ctx.prisma, input.userId, actorOf(ctx.user, ctx.ip))),

  enrollmentTokens: adminProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          label: z.string().nullable(),
          expiresAt: z.date(),
          maxUses: z.number(),
          usesLeft: z.number(),
          revokedAt: z.date().nullable(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(({ ctx }) => listEnrollmentTokens(ctx.prisma)),

  /** The token itself is returned once and never stored in clear. */
  createEnrollmentToken: adminProcedure
    .input(
      z.object({
        label: zSafeText().trim().max(120).nullable().default(null),
        expiresInHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 90)
          .default(24),
        maxUses: z.number().int().min(1).max(100_000).default(1),
      }),
    )
    .output(z.object({ id: z.string(), token: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => createEnrollmentToken(ctx.prisma, input, actorOf(ctx.user, ctx.ip))),

  revokeEnrollmentToken: adminProcedure
    .input(z.object({ tokenId: z.uuid() }))
    .output(z.object({ revoked: z.boolean() }))
    .mutation(async ({ ctx, input }) => ({
      revoked: await revokeEnrollmentToken(ctx.prisma, input.tokenId, actorOf(ctx.user, ctx.ip)),
    })),

  /** Revokes an agent's credential; its sockets and subscriptions on every node are cut at once. */
  revokeAgent: adminProcedure
    .input(z.object({ agentId: z.uuid() }))
    .output(z.object({ revoked: z.boolean() }))
    .mutation(({ ctx, input }) =>
      revokeAgentEverywhere(ctx.prisma, ctx.commandBus, input.agentId, actorOf(ctx.user, ctx.ip)),
    ),

  agents: adminProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          hostId: z.string(),
          hostname: z.string(),
          application: z.string(),
          connected: z.boolean(),
          agentVersion: z.string().nullable(),
          enrolledAt: z.date(),
          lastSeenAt: z.date().nullable(),
          revokedAt: z.date().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listAgents(ctx.prisma)),
});
