import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  /** Over a rate limit: retry later, with backoff (never final). */
  'TOO_MANY_REQUESTS',
  'INTERNAL',
] as const;
export type TErrorCode = (typeof ERROR_CODES)[number];

export const ZAppErrorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type TAppErrorShape = z.infer<typeof ZAppErrorSchema>;

/** Every socket acknowledgement has this shape, as tRPC errors do. */
export type TAck<T> = { ok: true; data: T } | { ok: false; error: TAppErrorShape };

export function ackOk<T>(data: T): TAck<T> {
  return { ok: true, data };
}

export function ackError(code: TErrorCode, message: string): TAck<never> {
  return { ok: false, error: { code, message } };
}
