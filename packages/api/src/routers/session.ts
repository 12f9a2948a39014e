import { zSafeText } from '@standby/protocol';
import { z } from 'zod';
import { ZPasswordSchema } from '../auth/password-rule';
import { ROLES } from '../auth/roles';
import { createFirstAdmin, needsFirstAdmin } from '../services/first-admin-setup';
import { createRouter, publicProcedure } from '../trpc';

export const sessionRouter = createRouter({
  /** Who is signed in (null: nobody), and whether the first admin still has to be created. */
  me: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/me',
        operationId: 'whoAmI',
        tags: ['session'],
        summary: 'Who the token acts as (its owner, with the token’s effective role)',
      },
    })
    .output(
      z.object({
        user: z
          .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES) })
          .nullable(),
        needsSetup: z.boolean(),
      }),
    )
    .query(async ({ ctx }) => ({
      user: ctx.user,
      needsSetup: ctx.user ? false : await needsFirstAdmin(ctx.prisma),
    })),

  /** First start only: the token printed on the server's console creates the first admin. */
  createFirstAdmin: publicProcedure
    .input(
      z.object({
        setupToken: zSafeText(200).min(1),
        email: z.email().max(255),
        name: zSafeText().trim().min(1).max(120),
        password: ZPasswordSchema,
      }),
    )
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => createFirstAdmin(ctx.prisma, input.setupToken, input)),
});
