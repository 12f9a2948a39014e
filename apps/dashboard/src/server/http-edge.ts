import type { IncomingMessage, ServerResponse } from 'node:http';
import { attachReadBody, bodyLimitFor, readBodyWithin, refuseDeclaredOverLimit } from './http-limits';
import { createOriginPolicy } from './origin-check';
import { applySecurityHeaders, securityHeaders } from './security-headers';

/**
 * What every HTTP request and socket.io handshake meets before any route does work: the security
 * headers, the cross-site (Origin) check, and the body limits (docs/SECURITY.md, "Web and API edge").
 */
export interface HttpEdge {
  /** Headers, Origin check and declared body size; false when the request has been answered here. */
  admit(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /**
   * Reads the body within the route's limit, leaves it on `req.body` and then calls `handler`.
   * `keepEmpty`: whether an empty body is passed on as '' (tRPC) or left absent (better-auth).
   */
  withBody(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    keepEmpty: boolean,
    handler: () => void,
  ): void;
  /** socket.io's `allowRequest`: refuses a handshake from an untrusted browser origin. */
  allowHandshake(
    req: IncomingMessage,
    callback: (error: string | null | undefined, ok: boolean) => void,
  ): void;
}

export function createHttpEdge(options: {
  publicUrl: string;
  trustedOrigins: readonly string[];
  dev: boolean;
}): HttpEdge {
  const headers = securityHeaders({ publicUrl: options.publicUrl, dev: options.dev });
  const origins = createOriginPolicy([options.publicUrl, ...options.trustedOrigins]);
  return {
    admit(req, res, pathname) {
      applySecurityHeaders(res, headers);
      const refusal = origins.refusalOf(req.method, req.headers);
      if (refusal) {
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 'FORBIDDEN', message: refusal }));
        return false;
      }
      return !refuseDeclaredOverLimit(req, res, bodyLimitFor(req, pathname));
    },
    withBody(req, res, pathname, keepEmpty, handler) {
      readBodyWithin(req, res, bodyLimitFor(req, pathname), (body) => {
        attachReadBody(req, body, keepEmpty);
        handler();
      });
    },
    allowHandshake(req, callback) {
      const refusal = origins.refusalOfHandshake(req.headers);
      callback(refusal, refusal === null);
    },
  };
}
