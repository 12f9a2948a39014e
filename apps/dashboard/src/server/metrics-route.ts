import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { type Registry, sendJsonError, serveMetrics } from '@standby/telemetry';

/** Who may scrape: STANDBY_METRICS_ALLOW's addresses (default loopback) or a bearer token. */
export interface MetricsAccess {
  /** Client addresses (`10.0.0.5`, `::1`) or networks (`10.0.0.0/24`); empty: none by address. */
  allow: readonly string[];
  /** `Authorization: Bearer <token>` is accepted from any address. */
  token?: string | undefined;
}

export const DEFAULT_METRICS_ALLOW = ['127.0.0.1', '::1'] as const;

/** A metrics token must be long enough not to be guessed (it is compared in constant time). */
export const MIN_METRICS_TOKEN_LENGTH = 24;

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same client (as in client-address.ts). */
const normalize = (address: string): string => address.trim().replace(/^::ffff:/i, '');

/**
 * Parses the allow list; an entry that is neither an address nor a network throws naming it (the
 * dashboard refuses to start rather than serve metrics to the wrong audience).
 */
export function metricsAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`STANDBY_METRICS_ALLOW: "${entry}" is not an IP address or network`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 6 ? 128 : 32))
      throw new Error(`STANDBY_METRICS_ALLOW: "${entry}" has an invalid prefix length`);
    list.addSubnet(address, bits, type);
  }
  return list;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The /metrics route of a dashboard node. The client address is the one rate limits and the audit
 * log use (a trusted proxy's X-Forwarded-For believed), so a proxy in front does not make every
 * scrape look local. Anyone else gets 403 JSON; nothing about the metrics is said.
 */
export function createMetricsRoute(options: {
  registry: Registry;
  access: MetricsAccess;
  clientIp: (req: IncomingMessage) => string | null;
  onError?: (error: unknown) => void;
}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const allowed = metricsAllowList(options.access.allow);
  // Digests of equal length: timingSafeEqual then says nothing about the token's length either.
  const tokenDigest = options.access.token ? digest(options.access.token) : undefined;

  const hasToken = (req: IncomingMessage): boolean => {
    if (!tokenDigest) return false;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return !!match?.[1] && timingSafeEqual(digest(match[1]), tokenDigest);
  };
  const fromAllowedAddress = (req: IncomingMessage): boolean => {
    const ip = options.clientIp(req);
    if (!ip) return false;
    const address = normalize(ip);
    const family = isIP(address);
    return family !== 0 && allowed.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };

  return async (req, res) => {
    if (!hasToken(req) && !fromAllowedAddress(req)) {
      sendJsonError(
        res,
        403,
        'FORBIDDEN',
        'metrics: not allowed from this address without the metrics token',
      );
      return;
    }
    await serveMetrics(options.registry, req, res, options.onError);
  };
}
