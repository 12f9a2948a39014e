import type { IncomingMessage, ServerResponse } from 'node:http';

// Body limits at the HTTP edge, applied before any work (no session lookup, no parsing): a request
// that declares too large a body is refused at once; a streamed (chunked) one is counted while it is
// read and refused as soon as it passes the limit, so no request can make the server hold more.
// (tRPC's own `maxBodySize` would apply one limit to every procedure, and only after the session
// lookup of createContext: hence this reader in front of it.)

/** Public and unauthenticated calls (enroll, first-admin setup, sign-in): small JSON objects. */
export const SMALL_BODY_LIMIT = 16 * 1024;
/** Everything else (the largest real input, an option change to 10,000 hosts, is ~400 KB). */
export const BODY_LIMIT = 1024 * 1024;

/** tRPC procedures open to anyone: they get the small limit whatever the request carries. */
const PUBLIC_PROCEDURES = new Set(['agent.enroll', 'session.createFirstAdmin', 'session.me']);

/** A request body as the route handlers downstream read it once it has been read here. */
type TReadRequest = IncomingMessage & { body?: string };

/** The most a request to `pathname` may send. */
export function bodyLimitFor(req: IncomingMessage, pathname: string): number {
  if (pathname.startsWith('/api/auth/')) return SMALL_BODY_LIMIT;
  if (pathname.startsWith('/api/trpc/')) {
    const procedures = safeDecode(pathname.slice('/api/trpc/'.length)).split(',');
    if (procedures.some((procedure) => PUBLIC_PROCEDURES.has(procedure))) return SMALL_BODY_LIMIT;
    // No cookie and no credential: nothing but a refusal or a public answer can come of it.
    if (!req.headers.cookie && !req.headers.authorization) return SMALL_BODY_LIMIT;
  }
  // The REST API answers API tokens only.
  if (pathname.startsWith('/api/v1/') && !/^Bearer sbt_/i.test(req.headers.authorization ?? ''))
    return SMALL_BODY_LIMIT;
  return BODY_LIMIT;
}

/**
 * A cookie or credential header is not checked before the body is read (that needs the database), so
 * anyone can claim the large limit. What bounds memory is this budget: bytes past the small limit, summed
 * over every request being read, never exceed it; a request that would pass it is refused (429, retry)
 * — real large bodies (a fleet-wide option change) are rare and short.
 */
export const LARGE_BODIES_BUDGET = 16 * 1024 * 1024;
let largeBytesInFlight = 0;

/** Bytes past the small limit held by requests still being read (tests read it). */
export function largeBodyBytesInFlight(): number {
  return largeBytesInFlight;
}

/** Refuses a request whose Content-Length is over `limit`; true when refused (the response is sent). */
export function refuseDeclaredOverLimit(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared > limit)) return false;
  sendPayloadTooLarge(req, res, limit);
  return true;
}

/**
 * Reads the whole body (at most `limit` bytes) and hands it to `next` as text; over the limit, answers
 * 413 instead and stops reading. GET and HEAD bodies are not read (`next('')`).
 */
export function readBodyWithin(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  next: (body: string) => void,
): void {
  if (req.method === 'GET' || req.method === 'HEAD') {
    next('');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  let reserved = 0;
  const release = () => {
    largeBytesInFlight -= reserved;
    reserved = 0;
  };
  const refuse = (send: () => void) => {
    refused = true;
    chunks.length = 0;
    release();
    req.off('data', onData);
    send();
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) return refuse(() => sendPayloadTooLarge(req, res, limit));
    const large = Math.max(0, size - SMALL_BODY_LIMIT) - reserved;
    if (large > 0) {
      if (largeBytesInFlight + large > LARGE_BODIES_BUDGET) return refuse(() => sendBusy(req, res));
      largeBytesInFlight += large;
      reserved += large;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => {
    release();
    if (!refused) next(Buffer.concat(chunks).toString('utf8'));
  });
  req.once('close', release);
  req.once('error', () => {
    release();
    if (!res.headersSent) res.destroy();
  });
}

/** 429 while too many large bodies are being read at once: the client retries shortly. */
function sendBusy(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    req.destroy();
    return;
  }
  const body = JSON.stringify({
    code: 'TOO_MANY_REQUESTS',
    message: 'Too many large requests are being received at once; retry in a few seconds.',
  });
  res
    .writeHead(429, { 'content-type': 'application/json', 'retry-after': '2', connection: 'close' })
    .end(body);
  req.destroy();
}

/**
 * Leaves an already-read body where tRPC's and better-auth's Node adapters take it from (`req.body`).
 * `keepEmpty`: tRPC needs '' for "no body" once the stream is consumed; better-auth needs it absent.
 */
export function attachReadBody(req: IncomingMessage, body: string, keepEmpty: boolean): void {
  if (body.length > 0 || keepEmpty) (req as TReadRequest).body = body;
}

/** What is read and dropped after a 413 so the client can read its answer; past it, the connection is cut. */
const MAX_DISCARDED = 4 * 1024 * 1024;

/**
 * 413 with `{ code, message }` naming the limit. The rest of the body is read and dropped (so a client
 * still sending gets a clean answer rather than a reset) up to MAX_DISCARDED; past that the connection
 * is cut, so a flood costs a few MB of reading at most, and no memory.
 */
export function sendPayloadTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  if (res.headersSent) {
    req.destroy();
    return;
  }
  const body = JSON.stringify({
    code: 'PAYLOAD_TOO_LARGE',
    message: `The request body is larger than this route accepts (${describeBytes(limit)}).`,
  });
  res.writeHead(413, { 'content-type': 'application/json' }).end(body);
  let discarded = 0;
  const discard = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded <= MAX_DISCARDED) return;
    req.off('data', discard);
    req.destroy();
  };
  req.on('data', discard);
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
