import { ZCommandTargetSchema, ZOptionChangeRequestSchema } from '@standby/protocol';
import { z } from 'zod';
import { requestCheckRun, requestOptionChange } from '../services/option-changes';
import { actorOf, createRouter, operatorProcedure } from '../trpc';

export const commandsRouter = createRouter({
  /** Sends option values to the target hosts' agents; refused as a whole if any value is invalid. */
  changeOptions: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/commands/change-options',
        operationId: 'changeOptions',
        tags: ['commands'],
        summary: 'Change check options on hosts (operate scope)',
      },
    })
    .input(ZOptionChangeRequestSchema)
    .output(z.object({ commandIds: z.array(z.string()), hosts: z.number(), unchanged: z.number() }))
    .mutation(({ ctx, input }) =>
      requestOptionChange(ctx.prisma, ctx.commandBus, input, actorOf(ctx.user, ctx.ip)),
    ),

  runCheckNow: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/commands/run-check',
        operationId: 'runCheckNow',
        tags: ['commands'],
        summary: 'Run the check now on hosts (operate scope)',
      },
    })
    .input(z.object({ target: ZCommandTargetSchema }))
    .output(z.object({ commandIds: z.array(z.string()) }))
    .mutation(({ ctx, input }) =>
      requestCheckRun(ctx.prisma, ctx.commandBus, input.target, actorOf(ctx.user, ctx.ip)),
    ),
});
