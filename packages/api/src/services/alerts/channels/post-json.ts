import { ChannelDeliveryError, snippetOf } from './channel-delivery-error';
import { deliverySignal, seconds, type TSendOptions } from './send-options';

const USER_AGENT = 'Standby-Alerts/1';

/**
 * POSTs a JSON body and sorts the outcome: 2xx is delivered; 408, 429, 5xx, no connection and no
 * answer in time are retryable; any other status (4xx, a redirect — never followed, so custom
 * headers cannot end up elsewhere) is not. Errors name the receiver's host, never the URL's path
 * or query (a Slack webhook's path is its credential).
 */
export async function postJson(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
  options: TSendOptions,
): Promise<void> {
  const receiver = new URL(url).host;
  const { signal, timeoutMs, timedOut } = deliverySignal(options);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': USER_AGENT },
      // A copy backed by a plain ArrayBuffer: what fetch's body type accepts (the bytes are the signed ones).
      body: typeof body === 'string' ? body : new Uint8Array(body),
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    throw requestFailure(error, receiver, timedOut() ? timeoutMs : null);
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  const answer = await readSnippet(response);
  const status = `HTTP ${response.status} from ${receiver}${answer ? `: ${answer}` : ''}`;
  if (response.status >= 300 && response.status < 400)
    throw new ChannelDeliveryError(`${status} (redirects are not followed: configure the final URL)`, {
      retryable: false,
    });
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  throw new ChannelDeliveryError(status, {
    retryable,
    retryAfterMs: retryable ? retryAfterMs(response.headers.get('retry-after')) : undefined,
  });
}

function requestFailure(error: unknown, receiver: string, timeoutMs: number | null): ChannelDeliveryError {
  if (timeoutMs !== null)
    return new ChannelDeliveryError(`no answer from ${receiver} within ${seconds(timeoutMs)}`, {
      retryable: true,
    });
  if (error instanceof Error && error.name === 'AbortError')
    return new ChannelDeliveryError(`sending to ${receiver} was cancelled`, { retryable: true });
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : 'network error';
  return new ChannelDeliveryError(`could not reach ${receiver} (${code})`, { retryable: true });
}

/** The start of an error answer's body (the rest is not read). */
async function readSnippet(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (size < 1024) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
    await reader.cancel().catch(() => {});
    return snippetOf(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return '';
  }
}

/** Retry-After as seconds or an HTTP date, capped at a day; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 24 * 60 * 60 * 1000) : undefined;
}
