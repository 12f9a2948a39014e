import {
  type AppError,
  INTERNAL_ERROR_MESSAGE,
  isAppError,
  isErrorCode,
  type TErrorCode,
} from '@standby/protocol';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { databaseInputRefusal } from './database-input-errors';

/** The tRPC code (and so the HTTP status) an AppError code travels as (TOO_MANY_REQUESTS → 429). */
export function trpcCodeOf(code: TErrorCode): TRPC_ERROR_CODE_KEY {
  return code === 'INTERNAL' ? 'INTERNAL_SERVER_ERROR' : code;
}

/** An AppError with its code as a TRPCError (the AppError stays its cause), for callers that check `code`. */
export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeOf(error.code), message: error.message, cause: error });
}

/**
 * The AppError behind a tRPC error, if any (tRPC wraps what a procedure throws). A database error
 * caused by a value of the request counts as a BAD_REQUEST (database-input-errors.ts).
 */
function appErrorOf(error: TRPCError): AppError | undefined {
  if (isAppError(error)) return error;
  return isAppError(error.cause) ? error.cause : databaseInputRefusal(error.cause);
}

/**
 * tRPC's own text for a body or `input` it could not read is its parser's (JSON.parse, superjson:
 * "Maximum call stack size exceeded", "prototype pollution risk"…): replaced by a plain sentence.
 */
const UNREADABLE_INPUT_MESSAGE =
  'The request could not be read: send JSON in the tRPC format ({ "json": … }), as the clients do.';

/**
 * The app code of any error a procedure ended with: an AppError's own; a TRPCError's when it is one
 * of ours (UNAUTHORIZED, BAD_REQUEST from input validation…); other client errors of tRPC itself
 * (unknown procedure, bad method) are BAD_REQUEST; everything else is INTERNAL.
 */
export function appCodeOf(error: TRPCError): TErrorCode {
  const appError = appErrorOf(error);
  if (appError) return appError.code;
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'INTERNAL';
  if (isErrorCode(error.code)) return error.code;
  return getHTTPStatusCodeFromError(error) < 500 ? 'BAD_REQUEST' : 'INTERNAL';
}

/**
 * True for a failure rather than a refusal: a bug, a database failure (or a service's own INTERNAL).
 * Logged once, with context; the client gets INTERNAL without details.
 */
export function isUnexpectedError(error: TRPCError): boolean {
  return appCodeOf(error) === 'INTERNAL';
}

/** What a client receives for an error. */
export interface TClientErrorShape {
  message: string;
  code: (typeof TRPC_ERROR_CODES_BY_KEY)[TRPC_ERROR_CODE_KEY];
  data: {
    /** The AppError code: what clients match on, never the message. */
    code: TErrorCode;
    httpStatus: number;
    /** The procedure (e.g. `host.get`), when known. */
    path?: string;
  };
}

/**
 * The one error formatter: an AppError keeps its code and message; an unexpected error becomes
 * INTERNAL with a generic message (its own may hold SQL or paths). No stack trace, ever.
 */
export function formatErrorShape({
  error,
  path,
}: {
  error: TRPCError;
  path: string | undefined;
}): TClientErrorShape {
  const appError = appErrorOf(error);
  const code = appCodeOf(error);
  // tRPC's own client errors (no procedure, wrong method…) keep their precise code and status.
  const trpcError = appError ? toTRPCError(appError) : error;
  const message =
    appError?.message ??
    (code === 'INTERNAL'
      ? INTERNAL_ERROR_MESSAGE
      : isUnreadableInput(error)
        ? UNREADABLE_INPUT_MESSAGE
        : (describeIssues(error.cause) ?? error.message));
  return {
    message,
    code: TRPC_ERROR_CODES_BY_KEY[trpcError.code],
    data: {
      code,
      httpStatus: getHTTPStatusCodeFromError(trpcError),
      ...(path === undefined ? {} : { path }),
    },
  };
}

/** A body or `input` tRPC failed to parse or deserialize (its cause a parser's error, not zod's issues). */
function isUnreadableInput(error: TRPCError): boolean {
  if (error.code === 'PARSE_ERROR') return true;
  const cause = error.cause;
  return error.code === 'BAD_REQUEST' && cause instanceof Error && !('issues' in cause);
}

/** Input validation issues (zod, or any standard schema) as "field: problem" sentences, not their JSON. */
export function describeIssues(cause: unknown): string | undefined {
  if (!cause || typeof cause !== 'object' || !('issues' in cause) || !Array.isArray(cause.issues))
    return undefined;
  const issues: unknown[] = cause.issues;
  if (issues.length === 0) return undefined;
  return issues
    .map((issue) => {
      const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
      const where = Array.isArray(path)
        ? path
            .map((part) => String(part && typeof part === 'object' && 'key' in part ? part.key : part))
            .join('.')
        : '';
      const text = typeof message === 'string' ? message : 'invalid';
      return where ? `${where}: ${text}` : text;
    })
    .join('; ');
}
