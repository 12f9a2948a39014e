import { ZApiTokenCreatedSchema, ZApiTokenCreateSchema, ZApiTokenViewSchema } from '@standby/protocol';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/api-tokens';
import { browserSessionProcedure, createRouter } from '../trpc';

/** Scoped API tokens (docs/API.md): any signed-in user for themselves, an admin for anyone. */
export const tokensRouter = createRouter({
  /** The caller's tokens; with `all`, an admin sees everyone's. */
  list: browserSessionProcedure
    .input(z.object({ all: z.boolean().default(false) }).default({ all: false }))
    .output(z.array(ZApiTokenViewSchema))
    .query(({ ctx, input }) => listApiTokens(ctx.prisma, ctx.user, input)),

  /** Returns the token once; it is never shown again. */
  create: browserSessionProcedure
    .input(ZApiTokenCreateSchema)
    .output(ZApiTokenCreatedSchema)
    .mutation(({ ctx, input }) => createApiToken(ctx.prisma, input, ctx.user, ctx.ip)),

  revoke: browserSessionProcedure
    .input(z.object({ tokenId: z.uuid() }))
    .output(z.object({ revoked: z.boolean() }))
    .mutation(async ({ ctx, input }) => ({
      revoked: await revokeApiToken(ctx.prisma, input.tokenId, ctx.user, ctx.ip),
    })),
});
