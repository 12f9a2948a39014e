import { z } from 'zod';

/** Command ids are Postgres bigints, carried as decimal strings (JSON has no 64-bit integers). */
export const ZCommandIdSchema = z.string().regex(/^\d{1,19}$/, 'a decimal command id');

const ZOptionValues = z.record(z.string().min(1).max(80), z.string().max(1_000));

/** What the dashboard asks of an agent, delivered through the tRPC subscription `agent.commands`. */
export const ZAgentCommandSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('set-options'),
    commandId: ZCommandIdSchema,
    /** New values of options in the [TServer] section, as they are to be written. */
    values: ZOptionValues,
    reason: z.string().max(500).nullable(),
    actor: z.string().max(255).nullable(),
  }),
  z.object({
    kind: z.literal('run-check'),
    commandId: ZCommandIdSchema,
    actor: z.string().max(255).nullable(),
  }),
]);
export type TAgentCommand = z.infer<typeof ZAgentCommandSchema>;

export const COMMAND_OUTCOMES = ['applied', 'rejected', 'done', 'failed'] as const;

/** The agent's answer to one command; sent once it is durable on the host. */
export const ZCommandAckSchema = z.object({
  commandId: ZCommandIdSchema,
  outcome: z.enum(COMMAND_OUTCOMES),
  reason: z.string().max(1_000).nullable().default(null),
  /** After set-options: the options file's values as now written. */
  configuredOptions: ZOptionValues.optional(),
});
export type TCommandAck = z.infer<typeof ZCommandAckSchema>;

/** Which hosts an option change or a "run the check now" is for. */
export const ZCommandTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hosts'), hostIds: z.array(z.uuid()).min(1).max(10_000) }),
  z.object({ kind: z.literal('pair'), pairId: z.uuid() }),
  z.object({
    kind: z.literal('filter'),
    /** Same meaning as the fleet page's filter. */
    filter: z.object({
      search: z.string().max(200).optional(),
      mode: z.enum(['backup', 'primary']).optional(),
      pairId: z.uuid().optional(),
    }),
  }),
]);
export type TCommandTarget = z.infer<typeof ZCommandTargetSchema>;

export const ZOptionChangeRequestSchema = z.object({
  target: ZCommandTargetSchema,
  values: ZOptionValues.refine((values) => Object.keys(values).length > 0, 'at least one option'),
  /** Required (true) when a restricted option is among the values. */
  confirmRestricted: z.boolean().default(false),
  reason: z.string().trim().max(500).optional(),
});
export type TOptionChangeRequest = z.infer<typeof ZOptionChangeRequestSchema>;
