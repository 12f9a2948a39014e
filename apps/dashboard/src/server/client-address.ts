import type { IncomingMessage } from 'node:http';

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same client. */
const normalize = (address: string): string => address.trim().replace(/^::ffff:/, '');

/**
 * The client's address for rate limits and the audit log. The socket's peer, unless that peer is
 * one of the configured reverse proxies: then the right-most address in X-Forwarded-For that is not
 * a trusted proxy (entries left of it could have been written by the client itself).
 */
export function createClientAddress(trustedProxies: readonly string[]) {
  const trusted = new Set(trustedProxies.map(normalize));
  return (req: IncomingMessage): string | null => {
    const peer = req.socket.remoteAddress ? normalize(req.socket.remoteAddress) : null;
    if (!peer || !trusted.has(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map(normalize)
      .filter(Boolean);
    for (let index = hops.length - 1; index >= 0; index--) {
      if (!trusted.has(hops[index]!)) return hops[index]!;
    }
    return peer;
  };
}
