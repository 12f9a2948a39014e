import { TRPCClientError } from '@trpc/client';

/** The tRPC error code of a failed call (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST…), if it is one. */
export function trpcErrorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (data && typeof data === 'object' && 'code' in data && typeof data.code === 'string') return data.code;
  return undefined;
}

export function isAuthError(error: unknown): boolean {
  const code = trpcErrorCode(error);
  return code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
}

/**
 * A failure as a sentence for the page. Input validation errors arrive as the JSON list of zod issues
 * (the server has no error formatter): they become "field: problem" lines.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.startsWith('[')) return message;
  try {
    const issues: unknown = JSON.parse(message);
    if (!Array.isArray(issues)) return message;
    return issues
      .map((issue: { path?: unknown; message?: unknown }) => {
        const path = Array.isArray(issue.path) ? issue.path.join('.') : '';
        const text = typeof issue.message === 'string' ? issue.message : 'invalid';
        return path ? `${path}: ${text}` : text;
      })
      .join('; ');
  } catch {
    return message;
  }
}
