import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {
  ALL_AGENTS,
  AUTH_ROUTE_NOT_FOUND,
  alertSettings,
  appRouter,
  CLIENT_IP_HEADER,
  createAuth,
  DashboardMetrics,
  IngestBatcher,
  isPublicAuthRoute,
  issueFirstAdminSetupToken,
  isUnexpectedError,
  PgCommandBus,
  releaseNodeAgents,
  releaseNodeLease,
  renewNodeLease,
  setAlertPublicUrl,
  type TAlertSettings,
  type TEnrollLimits,
} from '@standby/api';
import { createPgPool, createPrismaClient, openDatabase, type PrismaClient } from '@standby/db';
import { lineLogger, processLogger } from '@standby/telemetry';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { toNodeHandler } from 'better-auth/node';
import { Server as SocketServer } from 'socket.io';
import { AgentConnections } from './agent-connections';
import { AgentCredentialCache } from './agent-credential-cache';
import { AgentEventLimiter, type TAgentEventLimits } from './agent-event-limits';
import { type AgentNamespace, registerAgentHandlers } from './agent-handlers';
import { startAlertWorker } from './alert-worker';
import { loadOrCreateAuthSecret } from './auth-secret';
import { createClientAddress } from './client-address';
import { handleFleetExport } from './export-route';
import { handleHealth } from './health';
import { createHttpEdge } from './http-edge';
import { LiveFleetPublisher, type LiveNamespace, registerLiveHandlers } from './live-updates';
import { createMetricsRoute, DEFAULT_METRICS_ALLOW, type MetricsAccess } from './metrics-route';
import { identifyRequest, sessionUserFromHeaders } from './request-identity';
import { createRestApi, isRestApiPath } from './rest-api';
import { scheduleRetention } from './retention-schedule';
import { startRolloutWorker } from './rollout-worker';
import {
  disconnectAgent,
  recheckAgentSockets,
  recheckBrowserSessions,
  requireAgentCredential,
  requireSignedInUser,
} from './socket-auth';
import { loadDashboardTls, type TDashboardTlsFiles } from './tls';
import { scheduleVerdictUpkeep } from './verdict-upkeep';

export interface StartDashboardOptions {
  port: number;
  host?: string;
  databaseUrl?: string | undefined;
  embeddedDataDir: string;
  dev?: boolean;
  /** Serve the Next.js pages too (false: API, health and sockets only — used by integration tests). */
  serveUi?: boolean;
  /** Signs session cookies; by default a random one kept in `auth-secret` beside the embedded data dir. */
  authSecret?: string | undefined;
  /** The URL browsers use to reach this node (cookie and origin checks); default http(s)://localhost:<port>. */
  publicUrl?: string | undefined;
  /** Extra origins allowed to sign in. */
  trustedOrigins?: string[];
  /** Reverse proxies whose X-Forwarded-For names the real client (rate limits, audit log). */
  trustedProxies?: string[];
  /** Runs before the first-admin check (the demo creates its accounts here, so no setup link is printed). */
  prepareDatabase?: (prisma: PrismaClient) => Promise<void>;
  /** Check runs older than this are pruned (each host's latest kept); 0 keeps everything. Default 400. */
  retentionDays?: number;
  /** A node that has not renewed its lease for this long is dead (default 30 s; renewed every sixth of it). */
  nodeLeaseMs?: number;
  /** Alert pacing (hold-down, retries, timeouts; docs/ALERTS.md); links in notices use publicUrl. */
  alerts?: Partial<Omit<TAlertSettings, 'publicUrl'>> & { pollMs?: number };
  /** How often this node steps the running rollouts (default 1 s; docs/OPTION-CHANGES.md). */
  rolloutPollMs?: number;
  /** Budgets of the public `agent.enroll`, shared by every node (default DEFAULT_ENROLL_LIMITS). */
  enrollLimits?: TEnrollLimits;
  /** Per-credential budgets of agent socket events (default DEFAULT_AGENT_EVENT_LIMITS). */
  agentEventLimits?: Partial<TAgentEventLimits>;
  /** Who may GET /metrics (docs/METRICS.md): default loopback addresses, no token; fleet figures cached 5 s. */
  metrics?: Partial<MetricsAccess> & { snapshotTtlMs?: number };
  /** Serve HTTPS with these PEM files (STANDBY_TLS_CERT/KEY, optional STANDBY_TLS_CLIENT_CA; docs/TLS.md). */
  tls?: TDashboardTlsFiles;
  log?: (line: string) => void;
}

export interface RunningDashboard {
  url: string;
  port: number;
  databaseUrl: string;
  /** Printed on first start (no user yet): creates the first admin on /setup. */
  setupToken: string | null;
  close(): Promise<void>;
}

const APP_DIR = path.resolve(import.meta.dirname, '../..');

/** One Node process, one port: Next.js pages, tRPC, better-auth, socket.io (/agent, /live) and /api/health. */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const log = options.log ?? lineLogger(processLogger());
  // Checked before the database starts: a bad certificate or key stops here (TlsSetupError).
  const tls = loadDashboardTls(options.tls ?? {});
  if (tls) log(`[tls] ${tls.description}`);
  if (tls?.warning) log(`[tls] warning: ${tls.warning}`);
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    embeddedDataDir: options.embeddedDataDir,
  });
  if (database.embedded)
    log(`[db] embedded PostgreSQL on port ${database.embedded.port}, data in ${database.embedded.dataDir}`);
  if (database.appliedMigrations.length)
    log(`[db] applied migrations: ${database.appliedMigrations.join(', ')}`);
  const prisma = createPrismaClient(database.url);
  const ingestPool = createPgPool(database.url);
  const commandBus = await PgCommandBus.start(database.url, log);
  const nextHandler = options.serveUi === false ? undefined : await prepareNext(options.dev ?? false);

  // Listen first: the port (0 in tests) decides the auth base URL.
  const server = tls ? https.createServer(tls.serverOptions) : http.createServer();
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) =>
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"starting"}');
  // A request (headers and body) must arrive within 30 s: slow senders cannot hold memory or sockets
  // for long. Responses (the agents' command streams) and websockets are not bounded by this.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.on('request', (req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const scheme = tls ? 'https' : 'http';
  const url = options.publicUrl ?? `${scheme}://localhost:${port}`;
  // Browsers may use these (sign-in, and the Origin check of every state-changing request and socket).
  const trustedOrigins = [
    `${scheme}://localhost:${port}`,
    `${scheme}://127.0.0.1:${port}`,
    ...(options.trustedOrigins ?? []),
  ];
  const edge = createHttpEdge({ publicUrl: url, trustedOrigins, dev: options.dev ?? false });

  const auth = createAuth(prisma, {
    secret: await loadOrCreateAuthSecret({
      prisma,
      fromEnv: options.authSecret,
      dataDir: path.dirname(options.embeddedDataDir),
      log,
    }),
    baseURL: url,
    trustedOrigins,
  });
  const authHandler = toNodeHandler(auth);
  const clientIp = createClientAddress(options.trustedProxies ?? []);
  // Scrape-time fleet figures read through the ingest pool, cached (docs/METRICS.md).
  const metrics = new DashboardMetrics({
    pool: ingestPool,
    localAgentSockets: () => agents.sockets.size,
    ...(options.metrics?.snapshotTtlMs !== undefined ? { snapshotTtlMs: options.metrics.snapshotTtlMs } : {}),
    onSnapshotError: (error) => log(`[metrics] fleet figures not read: ${(error as Error).message}`),
  });
  const metricsRoute = createMetricsRoute({
    registry: metrics.registry,
    access: { allow: options.metrics?.allow ?? DEFAULT_METRICS_ALLOW, token: options.metrics?.token },
    clientIp,
    onError: (error) => log(`[metrics] scrape failed: ${(error as Error).message}`),
  });
  const agentCredentials = new AgentCredentialCache(prisma, commandBus);
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: async ({ req }) => ({
      prisma,
      commandBus,
      metrics,
      ip: clientIp(req),
      // A browser cookie, an API token (`sbt_…`) or an agent credential (`sba_…`).
      ...(await identifyRequest(
        { prisma, auth, authenticateAgent: (credential) => agentCredentials.authenticate(credential) },
        req.headers,
      )),
      ...(options.enrollLimits ? { enrollLimits: options.enrollLimits } : {}),
    }),
    // Refusals (AppErrors, input validation) are answers, not failures. Anything else is logged once,
    // here, with who asked — never the request's tokens or cookies; the client only sees INTERNAL.
    onError: ({ error, type, path, ctx }) => {
      if (!isUnexpectedError(error)) return;
      const who = ctx?.user ? `user ${ctx.user.id}` : ctx?.agent ? `agent ${ctx.agent.agentId}` : 'anonymous';
      processLogger().error(
        { procedure: path ?? null, type, actor: who, err: error.cause ?? error },
        'tRPC call failed',
      );
    },
  });

  // /api/v1 (REST for scripts, API tokens only), /api/openapi.json and /api/docs: docs/API.md.
  const restApi = createRestApi({ prisma, commandBus, url, clientIp });

  const io = new SocketServer(server, {
    maxHttpBufferSize: 1_000_000,
    serveClient: false,
    // A page on another origin must not open /live (fleet deltas) or /agent with the user's cookie.
    allowRequest: (req, callback) => edge.allowHandshake(req, callback),
  });
  const agents: AgentNamespace = io.of('/agent');
  const live: LiveNamespace = io.of('/live');
  // socket.io serves handshakes from the moment the server listens; a socket accepted before its
  // namespace's 'connection' handler is registered (below, after the lease) would never be handled —
  // a browser outside the fleet room, an agent whose hello nobody answers. Handshakes wait until then.
  let socketsReady!: () => void;
  const handlersRegistered = new Promise<void>((resolve) => {
    socketsReady = resolve;
  });
  for (const namespace of [agents, live])
    namespace.use((_socket, next) => void handlersRegistered.then(() => next()));
  const agentLimiter = new AgentEventLimiter(options.agentEventLimits);
  requireAgentCredential(agents, prisma, agentLimiter);
  requireSignedInUser(live, auth);
  const stopSessionRechecks = recheckBrowserSessions(live, auth);
  const publisher = new LiveFleetPublisher(live, ingestPool, commandBus, undefined, metrics);
  const stopRevocations = commandBus.onRevoked((agentId) => {
    if (agentId === ALL_AGENTS) void recheckAgentSockets(agents, prisma);
    else disconnectAgent(agents, agentId);
  });
  const stopRetention = scheduleRetention(prisma, options.retentionDays ?? 400, log);

  handle = (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    // Security headers, the Origin check and declared body sizes, before any route does work.
    if (!edge.admit(req, res, pathname)) return;
    if (pathname === '/metrics') {
      void metricsRoute(req, res);
    } else if (pathname === '/api/health') {
      void handleHealth(req, res, { prisma, localAgentCount: () => agents.sockets.size });
    } else if (pathname === '/api/export/fleet-audit') {
      void sessionUserFromHeaders(auth, req.headers).then((user) =>
        handleFleetExport(req, res, { prisma, user }),
      );
    } else if (pathname.startsWith('/api/auth/')) {
      // Only sign-in and sign-out: better-auth's admin, impersonation and profile endpoints would
      // change accounts without Standby's role checks and audit log.
      if (!isPublicAuthRoute(req.method, pathname)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(AUTH_ROUTE_NOT_FOUND);
        return;
      }
      req.headers[CLIENT_IP_HEADER] = clientIp(req) ?? 'unknown';
      edge.withBody(req, res, pathname, false, () => void authHandler(req, res));
    } else if (isRestApiPath(pathname)) {
      edge.withBody(req, res, pathname, true, () => restApi(req, res, pathname));
    } else if (pathname.startsWith('/api/trpc/')) {
      edge.withBody(req, res, pathname, true, () => trpcHandler(req, res));
    } else if (nextHandler) {
      void nextHandler(req, res);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  };

  const nodeId = `${os.hostname()}:${port}`;
  const markHostsChanged = (hostIds: string[]) => {
    for (const hostId of hostIds) publisher.markChanged(hostId);
  };
  // The lease first: survivors must not reap agents that connect to this node from now on.
  await renewNodeLease(ingestPool, nodeId);
  markHostsChanged(await releaseNodeAgents(ingestPool, nodeId));
  const stopUpkeep = scheduleVerdictUpkeep(
    ingestPool,
    nodeId,
    markHostsChanged,
    log,
    options.nodeLeaseMs,
    () => agents.sockets.keys(),
  );
  const agentConnections = new AgentConnections(prisma, nodeId, commandBus);
  registerAgentHandlers(agents, {
    prisma,
    pool: ingestPool,
    nodeId,
    live: publisher,
    ingest: new IngestBatcher(ingestPool, undefined, markHostsChanged),
    limiter: agentLimiter,
    connections: agentConnections,
    metrics,
  });
  registerLiveHandlers(live);
  socketsReady();

  // Every node delivers alerts; the database decides which node sends what (docs/ALERTS.md).
  setAlertPublicUrl(url);
  const alertPool = createPgPool(database.url, 3);
  const alertWorker = startAlertWorker({
    pool: alertPool,
    nodeId,
    settings: alertSettings({ ...options.alerts, publicUrl: url }),
    pollMs: options.alerts?.pollMs,
    log,
  });
  // Every node steps the running rollouts; a row lock decides which node moves which (docs/OPTION-CHANGES.md).
  const rolloutWorker = startRolloutWorker({ prisma, commandBus, pollMs: options.rolloutPollMs, log });

  await options.prepareDatabase?.(prisma);
  const setupToken = await issueFirstAdminSetupToken(prisma);
  if (setupToken) log(`[auth] no user yet: create the first admin at ${url}/setup?token=${setupToken}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    databaseUrl: database.url,
    setupToken,
    close: () => {
      closing ??= (async () => {
        stopRevocations();
        agentConnections.close();
        agentLimiter.close();
        stopSessionRechecks();
        agentCredentials.close();
        stopRetention();
        stopUpkeep();
        await alertWorker.stop();
        await alertPool.end();
        await rolloutWorker.stop();
        io.disconnectSockets(true);
        const closed = new Promise<void>((resolve) => io.close(() => resolve()));
        // Long-lived requests (agents' command streams) would keep the HTTP server open forever.
        server.closeAllConnections();
        await closed;
        await publisher.close();
        await commandBus.close();
        await releaseNodeAgents(ingestPool, nodeId).catch(() => {});
        await releaseNodeLease(ingestPool, nodeId).catch(() => {});
        await prisma.$disconnect();
        await ingestPool.end();
        await database.embedded?.stop();
      })();
      return closing;
    },
  };
}

async function prepareNext(dev: boolean) {
  const { default: next } = await import('next');
  const app = next({ dev, dir: APP_DIR });
  await app.prepare();
  return app.getRequestHandler();
}
