import { z } from 'zod';
import { ZFleetFilterSchema } from './fleet-filter';

/** Command ids are Postgres bigints, carried as decimal strings (JSON has no 64-bit integers). */
export const ZCommandIdSchema = z.string().regex(/^\d{1,19}$/, 'a decimal command id');

const ZOptionValues = z.record(z.string().min(1).max(80), z.string().max(1_000));

const ZActor = z.string().max(255).nullable().default(null);

/** What a `set-options` command carries (stored as the command's payload, delivered with its id). */
export const ZSetOptionsPayloadSchema = z.object({
  /** New values of options in the [TServer] section, normalized (validateOptionValues), as they are to be written. */
  values: ZOptionValues,
  reason: z.string().max(500).nullable().default(null),
  actor: ZActor,
});
export type TSetOptionsPayload = z.infer<typeof ZSetOptionsPayloadSchema>;

/** What a `run-check` command carries. */
export const ZRunCheckPayloadSchema = z.object({ actor: ZActor });
export type TRunCheckPayload = z.infer<typeof ZRunCheckPayloadSchema>;

/** What the dashboard asks of an agent, delivered through the tRPC subscription `agent.commands`. */
export const ZAgentCommandSchema = z.discriminatedUnion('kind', [
  ZSetOptionsPayloadSchema.extend({ kind: z.literal('set-options'), commandId: ZCommandIdSchema }),
  ZRunCheckPayloadSchema.extend({ kind: z.literal('run-check'), commandId: ZCommandIdSchema }),
]);
export type TAgentCommand = z.infer<typeof ZAgentCommandSchema>;
export type TAgentCommandKind = TAgentCommand['kind'];

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
  /** Every host the fleet page lists with this filter. */
  z.object({ kind: z.literal('filter'), filter: ZFleetFilterSchema }),
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
