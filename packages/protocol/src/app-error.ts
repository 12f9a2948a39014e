import type { TAck } from './ack';
import { ERROR_CODES, type TErrorCode } from './ack';

/**
 * The one error type services throw for a refusal a caller can act on. Its code travels unchanged
 * to tRPC/HTTP answers and socket acks, so clients match on the code, never on the message text.
 * Anything that is not an AppError is unexpected: logged once with context, answered as INTERNAL
 * without internals.
 */
export class AppError extends Error {
  readonly code: TErrorCode;

  constructor(code: TErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function isErrorCode(value: unknown): value is TErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * The app code a client got with a failed tRPC call (the server's error formatter puts it in
 * `data.code`), or an AppError's own. Clients branch on this, never on the message text.
 */
export function errorCodeOf(error: unknown): TErrorCode | undefined {
  if (isAppError(error)) return error.code;
  if (!error || typeof error !== 'object' || !('data' in error)) return undefined;
  const { data } = error;
  return data && typeof data === 'object' && 'code' in data && isErrorCode(data.code) ? data.code : undefined;
}

/** The text shown for an error that is not an AppError: never the original message (it may hold paths or SQL). */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on the server; it has been logged.';

/**
 * A socket acknowledgement for a thrown error: AppErrors keep their code and message, others become
 * INTERNAL with the generic message — and are handed to `onUnexpected` (to be logged with context).
 */
export function ackFromError(error: unknown, onUnexpected?: (error: unknown) => void): TAck<never> {
  if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
  onUnexpected?.(error);
  return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_ERROR_MESSAGE } };
}
