import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * Answers a scrape with the registry's text exposition. GET and HEAD only; a collector that fails
 * (its database is down, say) answers 500 with a short JSON reason rather than a half-written body.
 */
export async function serveMetrics(
  registry: Registry,
  req: IncomingMessage,
  res: ServerResponse,
  onError: (error: unknown) => void = () => {},
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJsonError(res, 405, 'BAD_REQUEST', 'metrics: use GET', { allow: 'GET, HEAD' });
    return;
  }
  let body: string;
  try {
    body = await registry.metrics();
  } catch (error) {
    onError(error);
    sendJsonError(res, 500, 'INTERNAL', 'metrics: collecting failed');
    return;
  }
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** `{ "error": { "code", "message" } }`: no stack, no server path. */
export function sendJsonError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ error: { code, message } }));
}
