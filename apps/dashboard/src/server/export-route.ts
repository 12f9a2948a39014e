import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportFleetAudit, type SessionUser } from '@standby/api';
import type { PrismaClient } from '@standby/db';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;
type TFormat = keyof typeof CONTENT_TYPES;

/**
 * GET /api/export/fleet-audit?format=csv|json (csv when absent): the fleet audit as a download, streamed
 * page by page from the database. Any signed-in user may export what they may already read.
 */
export async function handleFleetExport(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { prisma: PrismaClient; user: SessionUser | null },
): Promise<void> {
  if (req.method !== 'GET') {
    sendError(res, 405, `Use GET, not ${req.method ?? 'no method'}.`, { allow: 'GET' });
    return;
  }
  if (!deps.user) {
    sendError(res, 401, 'Sign in first.');
    return;
  }
  const format = new URL(req.url ?? '/', 'http://localhost').searchParams.get('format') ?? 'csv';
  if (!isFormat(format)) {
    sendError(res, 400, `Unknown format "${format.slice(0, 40)}": use csv or json.`);
    return;
  }

  const chunks = exportFleetAudit(deps.prisma, format);
  // The first chunk holds the first page: a database that is down still gets a proper error status.
  let first: IteratorResult<string>;
  try {
    first = await chunks.next();
  } catch {
    sendError(res, 503, 'The database did not answer; try again.');
    return;
  }
  const date = new Date().toISOString().slice(0, 10);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="standby-fleet-audit-${date}.${format}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  try {
    // pipeline waits for drain (backpressure) and, if the client goes away, ends the generator's queries.
    await pipeline(Readable.from(prepend(first, chunks)), res);
  } catch {
    // After the 200 only a cut connection tells the client the file is incomplete; pipeline has cut it.
    res.destroy();
  }
}

/** The chunks again, first one included; yield* passes an early return() on, so the export stops reading. */
async function* prepend(first: IteratorResult<string>, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  if (first.done) return;
  yield first.value;
  yield* { [Symbol.asyncIterator]: () => rest };
}

function isFormat(value: string): value is TFormat {
  return Object.hasOwn(CONTENT_TYPES, value);
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ error: message }));
}
