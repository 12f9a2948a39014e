import { errorCodeOf, type TErrorCode } from '@standby/protocol';
import { TRPCClientError } from '@trpc/client';

/**
 * The app code of a failed call (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, BAD_REQUEST, INTERNAL…), if it is
 * a tRPC error: the server's error formatter puts it in `data.code`. Match on this, never on the text.
 */
export function trpcErrorCode(error: unknown): TErrorCode | undefined {
  return error instanceof TRPCClientError ? errorCodeOf(error) : undefined;
}

export function isAuthError(error: unknown): boolean {
  const code = trpcErrorCode(error);
  return code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
}

/**
 * A failure as a sentence for the page. The server words its errors for people (input validation
 * issues as "field: problem"; anything unexpected as a generic sentence), so the message is shown as is.
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
