import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  appRouter,
  buildOpenApiDocument,
  type CommandBus,
  describeIssues,
  isUnexpectedError,
  REST_API_BASE_PATH,
  type SessionUser,
} from '@standby/api';
import type { PrismaClient } from '@standby/db';
import { INTERNAL_ERROR_MESSAGE, isErrorCode } from '@standby/protocol';
import { processLogger } from '@standby/telemetry';
import { TRPCError } from '@trpc/server';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { handleFleetExport } from './export-route';
import { renderOpenApiReference } from './openapi-reference-page';
import { identifyApiTokenRequest } from './request-identity';

/** Bodies arrive already read within the edge's limit (http-limits.ts); this only bounds a direct caller. */
const MAX_REST_BODY_BYTES = 1024 * 1024;

/** A request whose body the HTTP edge has read (a string) and this module has parsed. */
type TRestRequest = IncomingMessage & { body?: unknown };

export interface RestApiDeps {
  prisma: PrismaClient;
  commandBus: CommandBus;
  /** The dashboard's URL as clients reach it: the document's server URL. */
  url: string;
  clientIp: (req: IncomingMessage) => string | null;
}

/** True for the paths this module serves: /api/v1/*, /api/openapi.json, /api/docs. */
export function isRestApiPath(pathname: string): boolean {
  return (
    pathname === '/api/openapi.json' ||
    pathname === '/api/docs' ||
    pathname.startsWith(`${REST_API_BASE_PATH}/`)
  );
}

/**
 * The REST API: the procedures with `meta.openapi`, served by trpc-to-openapi from the same router
 * (same schemas, same role checks, same services), token-only; its OpenAPI document; a reference page.
 */
export function createRestApi(deps: RestApiDeps) {
  const document = buildOpenApiDocument(deps.url);
  const documentJson = JSON.stringify(document);
  const referencePage = renderOpenApiReference(document);
  const handler = createOpenApiNodeHttpHandler({
    router: appRouter,
    maxBodySize: MAX_REST_BODY_BYTES,
    createContext: async ({ req }) => ({
      prisma: deps.prisma,
      commandBus: deps.commandBus,
      ip: deps.clientIp(req),
      ...(await identifyApiTokenRequest(deps.prisma, req.headers)),
    }),
    // Logged once with the token id (never the token); the client sees INTERNAL and nothing else.
    onError: ({ error, path, ctx }) => {
      if (!isUnexpectedError(error)) return;
      const who = ctx?.apiToken ? `API token ${ctx.apiToken.tokenId}` : 'anonymous';
      processLogger().error(
        { procedure: path ?? null, actor: who, err: error.cause ?? error },
        'REST call failed',
      );
    },
  });

  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    if (pathname === '/api/openapi.json') {
      send(res, 200, 'application/json; charset=utf-8', documentJson);
    } else if (pathname === '/api/docs') {
      // A page of our own text: nothing to load from anywhere, no script at all.
      res.setHeader(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      );
      send(res, 200, 'text/html; charset=utf-8', referencePage);
    } else if (pathname === `${REST_API_BASE_PATH}/export/fleet-audit`) {
      void serveExport(req, res, deps.prisma);
    } else {
      if (!parseJsonBody(req as TRestRequest)) {
        send(res, 400, 'application/json', errorJson('BAD_REQUEST', 'The request body is not valid JSON.'));
        return;
      }
      // trpc-to-openapi matches the procedures' own paths: strip our prefix, keep the query.
      req.url = (req.url ?? '/').slice(REST_API_BASE_PATH.length) || '/';
      answerErrorsAsCodeAndMessage(res);
      handler(req, res).catch(() => {
        if (!res.headersSent)
          send(res, 500, 'application/json', errorJson('INTERNAL', INTERNAL_ERROR_MESSAGE));
      });
    }
  };
}

/**
 * The edge has read the body as text (`req.body`); trpc-to-openapi takes a parsed `req.body` as it is
 * (its own reader only knows a bare `application/json`, not `…; charset=utf-8`). False: not JSON.
 */
function parseJsonBody(req: TRestRequest): boolean {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') {
    req.body = undefined;
    return true;
  }
  try {
    req.body = JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The fleet audit download, for a token: read scope at least, not pair-limited (it covers every host). */
async function serveExport(req: IncomingMessage, res: ServerResponse, prisma: PrismaClient) {
  let user: SessionUser | null;
  try {
    const identity = await identifyApiTokenRequest(prisma, req.headers);
    if (identity.apiToken?.pairIds.length) {
      send(
        res,
        403,
        'application/json',
        errorJson('FORBIDDEN', 'This API token is limited to some pairs; the export covers the whole fleet.'),
      );
      return;
    }
    user = identity.user;
  } catch (error) {
    send(
      res,
      401,
      'application/json',
      errorJson('UNAUTHORIZED', error instanceof TRPCError ? error.message : 'Unauthorized.'),
    );
    return;
  }
  await handleFleetExport(req, res, { prisma, user });
}

/**
 * trpc-to-openapi answers errors with tRPC's whole error shape (our formatter's, plus its own `code`
 * and zod `issues`). Scripts get one stable shape: `{ code, message }`, code being Standby's own
 * (FORBIDDEN, BAD_REQUEST…), message naming the field for bad input. Nothing else reaches them.
 */
function answerErrorsAsCodeAndMessage(res: ServerResponse) {
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown) => {
    if (res.statusCode < 400 || typeof chunk !== 'string') return end(chunk);
    const rewritten = rewriteErrorBody(chunk);
    res.setHeader('content-length', Buffer.byteLength(rewritten));
    return end(rewritten);
  }) as ServerResponse['end'];
}

function rewriteErrorBody(body: string): string {
  let parsed: { data?: { code?: unknown }; message?: unknown; issues?: unknown };
  try {
    parsed = JSON.parse(body);
  } catch {
    return errorJson('INTERNAL', INTERNAL_ERROR_MESSAGE);
  }
  const code = isErrorCode(parsed.data?.code) ? parsed.data.code : 'INTERNAL';
  if (code === 'INTERNAL') return errorJson(code, INTERNAL_ERROR_MESSAGE);
  const message =
    describeIssues({ issues: parsed.issues }) ?? (typeof parsed.message === 'string' ? parsed.message : code);
  return errorJson(code, message);
}

function errorJson(code: string, message: string): string {
  return JSON.stringify({ code, message });
}

function send(res: ServerResponse, status: number, contentType: string, body: string) {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
