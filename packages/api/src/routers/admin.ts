import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ZPasswordSchema } from '../auth/password-rule';
import { ROLES } from '../auth/roles';
import { recordAudit } from '../services/audit-log';
import { createEnrollmentToken, revokeAgent, revokeEnrollmentToken } from '../services/enrollment';
import { createUser, UserExistsError } from '../services/users';
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
    .query(async ({ ctx }) => {
      const users = await ctx.prisma.user.findMany({ orderBy: { email: 'asc' }, take: 1_000 });
      return users.map((user) => ({
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        disabled: user.banned ?? false,
        createdAt: user.createdAt,
      }));
    }),

  createUser: adminProcedure
    .input(
      z.object({
        email: z.email().max(255),
        name: z.string().trim().min(1).max(120),
        password: ZPasswordSchema,
        role: z.enum(ROLES),
      }),
    )
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      try {
        return await ctx.prisma.$transaction(async (tx) => {
          const created = await createUser(tx, input);
          await recordAudit(tx, {
            actorType: 'user',
            actorId: ctx.user.id,
            actorLabel: ctx.user.email,
            action: 'user.create',
            targetType: 'user',
            targetId: created.id,
            after: { email: input.email.toLowerCase(), role: input.role },
            ip: ctx.ip,
          });
          return created;
        });
      } catch (error) {
        if (error instanceof UserExistsError)
          throw new TRPCError({ code: 'CONFLICT', message: error.message });
        throw error;
      }
    }),

  /** Changes a role or disables a user; their sessions end so the change applies at once. */
  updateUser: adminProcedure
    .input(
      z.object({
        userId: z.string().min(1).max(64),
        role: z.enum(ROLES).optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id && (input.disabled || (input.role && input.role !== 'admin'))) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot demote or disable yourself.' });
      }
      await ctx.prisma.$transaction(async (tx) => {
        const before = await tx.user.findUnique({ where: { id: input.userId } });
        if (!before) throw new TRPCError({ code: 'NOT_FOUND', message: `No user ${input.userId}.` });
        const after = await tx.user.update({
          where: { id: input.userId },
          data: {
            ...(input.role ? { role: input.role } : {}),
            ...(input.disabled === undefined ? {} : { banned: input.disabled }),
          },
        });
        await tx.session.deleteMany({ where: { userId: input.userId } });
        await recordAudit(tx, {
          actorType: 'user',
          actorId: ctx.user.id,
          actorLabel: ctx.user.email,
          action: 'user.update',
          targetType: 'user',
          targetId: input.userId,
          before: { role: before.role, disabled: before.banned ?? false },
          after: { role: after.role, disabled: after.banned ?? false },
          ip: ctx.ip,
        });
      });
      return { ok: true as const };
    }),

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
    .query(({ ctx }) =>
      ctx.prisma.enrollmentToken.findMany({
        orderBy: { createdAt: 'desc' },
        take: 500,
        select: {
          id: true,
          label: true,
          expiresAt: true,
          maxUses: true,
          usesLeft: true,
          revokedAt: true,
          createdAt: true,
        },
      }),
    ),

  /** The token itself is returned once and never stored in clear. */
  createEnrollmentToken: adminProcedure
    .input(
      z.object({
        label: z.string().trim().max(120).nullable().default(null),
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
    .mutation(async ({ ctx, input }) => {
      const revoked = await revokeAgent(ctx.prisma, input.agentId, actorOf(ctx.user, ctx.ip));
      // Even when it was revoked already: a retry must still cut connections a lost notice left open.
      await ctx.commandBus.notifyRevoked(input.agentId);
      return { revoked };
    }),

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
    .query(async ({ ctx }) => {
      const agents = await ctx.prisma.agent.findMany({
        orderBy: { enrolledAt: 'desc' },
        take: 10_000,
        include: { host: { select: { hostname: true, application: true } } },
      });
      return agents.map((agent) => ({
        id: agent.id,
        hostId: agent.hostId,
        hostname: agent.host.hostname,
        application: agent.host.application,
        connected: agent.connected,
        agentVersion: agent.agentVersion,
        enrolledAt: agent.enrolledAt,
        lastSeenAt: agent.lastSeenAt,
        revokedAt: agent.revokedAt,
      }));
    }),
});
