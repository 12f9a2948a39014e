import {
  ackError,
  describePayloadProblem,
  MAX_AGENT_PAYLOAD_BYTES,
  MAX_AGENT_PAYLOAD_DEPTH,
  measurePayload,
  type TAck,
} from '@standby/protocol';
import type { z } from 'zod';

export type ParsedAgentPayload<T> = { ok: true; value: T } | { ok: false; ack: TAck<never> };

/**
 * Bounds then validates one agent payload; never throws. The shape (bytes and depth) is measured
 * iteratively first: zod and JSON.stringify recurse, and a frame nested deeper than the stack would
 * throw RangeError in them. A refusal names the event and the field (or the bound) that was wrong.
 */
export function parseAgentPayload<T>(
  schema: z.ZodType<T>,
  payload: unknown,
  event: string,
): ParsedAgentPayload<T> {
  const shape = measurePayload(payload ?? null, {
    maxBytes: MAX_AGENT_PAYLOAD_BYTES,
    maxDepth: MAX_AGENT_PAYLOAD_DEPTH,
  });
  if (!shape.ok) {
    const code = shape.problem === 'too-large' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    return { ok: false, ack: ackError(code, `${event}: ${describePayloadProblem(shape)}`) };
  }
  let parsed: z.ZodSafeParseResult<T>;
  try {
    parsed = schema.safeParse(payload);
  } catch {
    return { ok: false, ack: ackError('BAD_REQUEST', `${event}: payload could not be read`) };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join('.') : '(payload)';
    return { ok: false, ack: ackError('BAD_REQUEST', `${event}: ${where}: ${issue?.message ?? 'invalid'}`) };
  }
  return { ok: true, value: parsed.data };
}
