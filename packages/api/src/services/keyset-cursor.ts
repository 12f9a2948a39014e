import { AppError, isBigintId } from '@standby/protocol';
import { z } from 'zod';

/** One value of a sort key as carried in a cursor: timestamps as ISO strings, bigints as decimal strings. */
export type TKeyValue = string | number | null;

const ZPayload = z.object({
  s: z.string(),
  k: z.array(z.union([z.string(), z.number(), z.null()])).min(1),
});

/**
 * Opaque to the browser so that the sort key may change shape without an API change. `scope` names the
 * listing and its sort, so a cursor from another listing or order is refused rather than misread.
 */
export function encodeCursor(scope: string, key: readonly TKeyValue[]): string {
  return Buffer.from(JSON.stringify({ s: scope, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, scope: string, length: number): TKeyValue[] {
  let payload: z.infer<typeof ZPayload> | undefined;
  try {
    payload = ZPayload.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    payload = undefined;
  }
  if (!payload || payload.s !== scope || payload.k.length !== length) throw invalidCursor(scope);
  return payload.k;
}

export function invalidCursor(scope: string): AppError {
  return new AppError(
    'BAD_REQUEST',
    `Invalid cursor for this listing (${scope}); start again without a cursor.`,
  );
}

/** For listings keyed on a bigint id alone (newest first): the id travels as a decimal string. */
export function encodeIdCursor(scope: string, id: bigint): string {
  return encodeCursor(scope, [id.toString()]);
}

export function decodeIdCursor(cursor: string, scope: string): bigint {
  const [id] = decodeCursor(cursor, scope, 1);
  if (typeof id !== 'string' || !isBigintId(id)) throw invalidCursor(scope);
  return BigInt(id);
}
