/**
 * Bounds on an untrusted payload (a socket frame already parsed by socket.io) measured before any
 * schema or serializer sees it: JSON.stringify and zod recurse, so a frame nested 200,000 levels deep
 * would throw RangeError (stack overflow) in them. This measurer walks with an explicit stack, stops
 * at the first bound crossed, and never throws.
 */
export interface TPayloadBounds {
  /** Bytes of the payload as JSON (UTF-8), estimated without serializing it. */
  maxBytes: number;
  /** Nesting of arrays and objects; the top-level value is depth 1. */
  maxDepth: number;
}

export type TPayloadShape =
  | { ok: true; bytes: number; depth: number }
  | { ok: false; problem: 'too-large'; limit: number }
  | { ok: false; problem: 'too-deep'; limit: number }
  | { ok: false; problem: 'not-json'; what: string };

/** The default for agent events: far deeper than any real payload (results nest 4 levels). */
export const MAX_AGENT_PAYLOAD_DEPTH = 32;

export function measurePayload(payload: unknown, bounds: TPayloadBounds): TPayloadShape {
  try {
    return walk(payload, bounds);
  } catch {
    // A getter or proxy that throws (not possible for parsed JSON, but the measurer must not throw).
    return { ok: false, problem: 'not-json', what: 'a value that cannot be read' };
  }
}

function walk(payload: unknown, { maxBytes, maxDepth }: TPayloadBounds): TPayloadShape {
  const stack: { value: unknown; depth: number }[] = [{ value: payload, depth: 1 }];
  let bytes = 0;
  let deepest = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > maxDepth) return { ok: false, problem: 'too-deep', limit: maxDepth };
    if (depth > deepest) deepest = depth;
    bytes += sizeOfLeaf(value);
    if (value !== null && typeof value === 'object') {
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
        return { ok: false, problem: 'not-json', what: 'binary data' };
      if (Array.isArray(value)) {
        bytes += 2 + Math.max(0, value.length - 1);
        if (bytes > maxBytes) return { ok: false, problem: 'too-large', limit: maxBytes };
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1 });
      } else {
        const keys = Object.keys(value);
        bytes += 2 + Math.max(0, keys.length - 1);
        for (const key of keys) {
          bytes += utf8Bytes(key) + 3; // quotes and colon
          if (bytes > maxBytes) return { ok: false, problem: 'too-large', limit: maxBytes };
          stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
        }
      }
    }
    if (bytes > maxBytes) return { ok: false, problem: 'too-large', limit: maxBytes };
  }
  return { ok: true, bytes, depth: deepest };
}

function sizeOfLeaf(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return utf8Bytes(value) + 2;
    case 'number':
      return String(value).length;
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      return value === null ? 4 : 0;
    default:
      // undefined, functions, symbols, bigints: not JSON; counted as null (zod refuses them later).
      return 4;
  }
}

/** UTF-8 length without encoding: 1, 2 or 3 bytes per UTF-16 unit (a surrogate pair is 4 in all). */
function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80) bytes += unit >= 0x800 && (unit < 0xd800 || unit > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/** A one-line description of a refused shape, for an error message. */
export function describePayloadProblem(shape: Exclude<TPayloadShape, { ok: true }>): string {
  switch (shape.problem) {
    case 'too-large':
      return `payload exceeds ${shape.limit} bytes`;
    case 'too-deep':
      return `payload nested deeper than ${shape.limit} levels`;
    case 'not-json':
      return `payload holds ${shape.what}, not JSON`;
  }
}
