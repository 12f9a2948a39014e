import { ZAgentCredentialSchema, ZCommandAckSchema, zSafeText } from '@standby/protocol';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { recordCommandAck } from '../services/command-ack';
import { streamAgentCommands } from '../services/command-stream';
import { DEFAULT_ENROLL_LIMITS, enrollAgent } from '../services/enrollment';
import { agentProcedure, createRouter, publicProcedure } from '../trpc';

export const agentRouter = createRouter({
  /**
   * Exchanges an enrollment token for the agent's own credential. The agent sends the credential it
   * made and kept beforehand (`credential`), which makes a retry after a lost answer succeed with no
   * second use spent; agents that send none get one made here, as before (not retryable).
   */
  enroll: publicProcedure
    .input(
      z.object({
        token: zSafeText(200).min(1),
        hostKey: zSafeText(255).min(1),
        hostname: zSafeText(255).min(1),
        application: zSafeText(255).min(1),
        credential: ZAgentCredentialSchema.optional(),
      }),
    )
    .output(z.object({ credential: z.string(), hostId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const enrolled = await enrollAgent(
        ctx.prisma,
        input,
        ctx.ip,
        ctx.enrollLimits ?? DEFAULT_ENROLL_LIMITS,
      );
      return { credential: enrolled.credential, hostId: enrolled.hostId };
    }),

  /**
   * The durable command stream of the calling agent's host (`services/command-stream.ts`): each
   * command as `tracked(id, command)`; a client reconnecting with `lastEventId` resumes after it,
   * and every command not yet acked is delivered again.
   */
  commands: agentProcedure
    .input(z.object({ lastEventId: zSafeText(40).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const stream = streamAgentCommands({
        prisma: ctx.prisma,
        bus: ctx.commandBus,
        agent: ctx.agent,
        lastEventId: input?.lastEventId ?? null,
        signal,
        metrics: ctx.metrics,
      });
      for await (const { id, command } of stream) yield tracked(id, command);
    }),

  ackCommand: agentProcedure
    .input(ZCommandAckSchema)
    .output(z.object({ state: z.string(), duplicate: z.boolean() }))
    .mutation(({ ctx, input }) =>
      recordCommandAck(ctx.prisma, ctx.commandBus, ctx.agent, input, ctx.metrics),
    ),
});
