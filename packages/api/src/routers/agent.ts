import { ZAgentCommandSchema, ZCommandAckSchema } from '@standby/protocol';
import { TRPCError, tracked } from '@trpc/server';
import { z } from 'zod';
import { acknowledgeCommand, CommandNotFoundError, takeCommandsAfter } from '../services/agent-commands';
import { agentEnrollment, EnrollmentRefusedError, enrollAgent } from '../services/enrollment';
import { ALL_AGENTS } from '../services/pg-command-bus';
import { prismaTransactions, refreshHostVerdicts } from '../services/refresh-host-verdicts';
import { agentProcedure, createRouter, publicProcedure } from '../trpc';

/** Commands are re-read at least this often even if a wake-up was lost. */
const POLL_FALLBACK_MS = 15_000;

export const agentRouter = createRouter({
  /** Exchanges an enrollment token for the agent's own credential (shown once, stored on the host). */
  enroll: publicProcedure
    .input(
      z.object({
        token: z.string().min(1).max(200),
        hostKey: z.string().min(1).max(255),
        hostname: z.string().min(1).max(255),
        application: z.string().min(1).max(255),
      }),
    )
    .output(z.object({ credential: z.string(), hostId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      try {
        const enrolled = await enrollAgent(ctx.prisma, input, ctx.ip);
        return { credential: enrolled.credential, hostId: enrolled.hostId };
      } catch (error) {
        if (error instanceof EnrollmentRefusedError)
          throw new TRPCError({ code: 'FORBIDDEN', message: error.message });
        throw error;
      }
    }),

  /**
   * The durable command stream of the calling agent's host. Every command not yet acked is
   * delivered, oldest first, as `tracked(id, command)`; after a reconnect the stream starts again
   * from the unacked ones, so a command made while the agent was offline arrives when it returns.
   */
  commands: agentProcedure
    .input(z.object({ lastEventId: z.string().nullish() }).optional())
    .subscription(async function* ({ ctx, signal }) {
      const { agentId, hostId } = ctx.agent;
      const cut = new AbortController();
      const enrollment = await agentEnrollment(ctx.prisma, agentId);
      let recheckAt = Date.now() + POLL_FALLBACK_MS;
      const stopOnRevoke = ctx.commandBus.onRevoked((revoked) => {
        if (revoked === agentId) cut.abort();
        if (revoked === ALL_AGENTS) recheckAt = 0; // notices may have been missed: look now
      });
      const stop = AbortSignal.any([cut.signal, ...(signal ? [signal] : [])]);
      try {
        let cursor = 0n;
        // Authenticated when the stream opened; a revocation later arrives on the bus and cuts it,
        // and the stream also re-checks now and then in case that notice was lost.
        while (!stop.aborted) {
          if (Date.now() >= recheckAt) {
            recheckAt = Date.now() + POLL_FALLBACK_MS;
            const now = await agentEnrollment(ctx.prisma, agentId);
            if (!now || now.revokedAt || now.enrolledAt.getTime() !== enrollment?.enrolledAt.getTime()) {
              cut.abort();
              break;
            }
          }
          const batch = await takeCommandsAfter(ctx.prisma, hostId, cursor);
          for (const { id, command } of batch) {
            cursor = id;
            yield tracked(id.toString(), ZAgentCommandSchema.parse(command));
          }
          if (batch.length === 0) await ctx.commandBus.waitForCommand(hostId, POLL_FALLBACK_MS, stop);
        }
        if (cut.signal.aborted) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Agent revoked.' });
      } finally {
        stopOnRevoke();
      }
    }),

  ackCommand: agentProcedure
    .input(ZCommandAckSchema)
    .output(z.object({ state: z.string(), duplicate: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      try {
        const outcome = await acknowledgeCommand(ctx.prisma, ctx.agent, input);
        // Pending restart and the configured options changed: the verdict's findings may have.
        const evaluated = await refreshHostVerdicts(prismaTransactions(ctx.prisma), [ctx.agent.hostId]);
        // Browsers on every node see the delivery state and "pending restart" change.
        await ctx.commandBus.publishHostChanges(
          evaluated.map((hostId) => ({ hostId, running: null })),
          'everyone',
        );
        return outcome;
      } catch (error) {
        if (error instanceof CommandNotFoundError)
          throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
        throw error;
      }
    }),
});
