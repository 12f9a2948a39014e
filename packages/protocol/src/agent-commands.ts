import { z } from 'zod';
import { zBigintId } from './bigint-id';
import { ZAgentTimestampSchema } from './check-result';
import { ZFleetFilterSchema } from './fleet-filter';
import { sanitizeText, truncateText, zSafeText } from './safe-text';

/** Command ids are Postgres bigints, carried as decimal strings (JSON has no 64-bit integers). */
export const ZCommandIdSchema = zBigintId('a decimal command id');

const ZOptionValues = z.record(zSafeText(80).min(1), zSafeText(1_000));

const ZActor = zSafeText(255).nullable().default(null);

/** The longest command outcome reason the dashboard keeps; a longer one is cut (ending in "…"), never refused. */
export const MAX_COMMAND_REASON_LENGTH = 1_000;

/**
 * Free text a command's outcome carries (often an error message from the host): kept whatever it
 * holds, made storable and cut to MAX_COMMAND_REASON_LENGTH. Refusing it would leave the command
 * "delivered" forever and stall the host's command channel.
 */
export function fitCommandReason(reason: string): string {
  return truncateText(sanitizeText(reason), MAX_COMMAND_REASON_LENGTH);
}

/** What a `set-options` command carries (stored as the command's payload, delivered with its id). */
export const ZSetOptionsPayloadSchema = z.object({
  /** New values of options in the [TServer] section, normalized (validateOptionValues), as they are to be written. */
  values: ZOptionValues,
  reason: zSafeText(500).nullable().default(null),
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
  /** Any length accepted: cut to MAX_COMMAND_REASON_LENGTH (fitCommandReason), NUL and lone surrogates replaced. */
  reason: z.string().transform(fitCommandReason).nullable().default(null),
  /** After set-options: the options file's values as now written. */
  configuredOptions: ZOptionValues.optional(),
  /** The agent's clock just before it read those values: orders them against a result's and a hello's reads. */
  configuredOptionsReadAt: ZAgentTimestampSchema.optional(),
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
  reason: zSafeText().trim().max(500).optional(),
});
export type TOptionChangeRequest = z.infer<typeof ZOptionChangeRequestSchema>;
