import https from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type DashboardTls, describeTlsFailure } from './dashboard-tls';

type ResponseBody = ConstructorParameters<typeof Response>[0];
const NO_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The fetch the agent's tRPC calls (HTTP and the SSE command stream) use. For an https:// dashboard
 * it runs over node:https with the agent's own CA and client certificate: Node 20's global fetch
 * takes neither without the `undici` package's dispatcher, and this keeps the bundle free of it.
 * A TLS refusal comes back as one sentence naming the dashboard and the setting that fixes it.
 */
export function createDashboardFetch(dashboardUrl: string, tls: DashboardTls = {}): typeof fetch {
  if (new URL(dashboardUrl).protocol !== 'https:') return fetch;
  const agent = new https.Agent({ ...tls, keepAlive: true });
  return (input, init) => httpsFetch(new Request(input, init), agent, dashboardUrl);
}

async function httpsFetch(request: Request, agent: https.Agent, dashboardUrl: string): Promise<Response> {
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return new Promise((resolve, reject) => {
    const outgoing = https.request(
      request.url,
      { method: request.method, headers, agent, signal: request.signal },
      (incoming) => {
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2)
          responseHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
        const status = incoming.statusCode ?? 502;
        const hasBody = request.method !== 'HEAD' && !NO_BODY_STATUSES.has(status);
        if (!hasBody) incoming.resume();
        resolve(
          new Response(
            hasBody ? (Readable.toWeb(incoming) as WebReadableStream as unknown as ResponseBody) : null,
            { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders },
          ),
        );
      },
    );
    outgoing.on('error', (error) => {
      const tlsProblem = describeTlsFailure(error, dashboardUrl);
      reject(tlsProblem ? new Error(tlsProblem, { cause: error }) : error);
    });
    outgoing.end(body);
  });
}
