import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { appRouter, resetConnectionsOfNode } from '@standby/api';
import { createPrismaClient, openDatabase } from '@standby/db';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { Server as SocketServer } from 'socket.io';
import { type AgentNamespace, registerAgentHandlers } from './agent-handlers';
import { handleHealth } from './health';
import { LiveFleetPublisher, type LiveNamespace, RunningChecks, registerLiveHandlers } from './live-updates';

export interface StartDashboardOptions {
  port: number;
  host?: string;
  databaseUrl?: string | undefined;
  embeddedDataDir: string;
  dev?: boolean;
  /** Serve the Next.js pages too (false: API, health and sockets only — used by integration tests). */
  serveUi?: boolean;
  log?: (line: string) => void;
}

export interface RunningDashboard {
  url: string;
  port: number;
  databaseUrl: string;
  close(): Promise<void>;
}

const APP_DIR = path.resolve(import.meta.dirname, '../..');

/** One Node process, one port: Next.js pages, tRPC, socket.io (/agent, /live) and /api/health. */
export async function startDashboard(options: StartDashboardOptions): Promise<RunningDashboard> {
  const log = options.log ?? ((line: string) => console.log(line));
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    embeddedDataDir: options.embeddedDataDir,
  });
  if (database.embedded)
    log(`[db] embedded PostgreSQL on port ${database.embedded.port}, data in ${database.embedded.dataDir}`);
  if (database.appliedMigrations.length)
    log(`[db] applied migrations: ${database.appliedMigrations.join(', ')}`);
  const prisma = createPrismaClient(database.url);

  const nextHandler = options.serveUi === false ? undefined : await prepareNext(options.dev ?? false);
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: () => ({ prisma }),
  });

  const server = http.createServer();
  const io = new SocketServer(server, { maxHttpBufferSize: 1_000_000, serveClient: false });
  const agents: AgentNamespace = io.of('/agent');
  const live: LiveNamespace = io.of('/live');
  const runningChecks = new RunningChecks();
  const publisher = new LiveFleetPublisher(live, prisma, runningChecks);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === '/api/health') {
      void handleHealth(req, res, { prisma, localAgentCount: () => agents.sockets.size });
    } else if (pathname.startsWith('/api/trpc/')) {
      trpcHandler(req, res);
    } else if (nextHandler) {
      void nextHandler(req, res);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const nodeId = `${os.hostname()}:${port}`;
  await resetConnectionsOfNode(prisma, nodeId);
  registerAgentHandlers(agents, { prisma, nodeId, live: publisher, runningChecks });
  registerLiveHandlers(live);

  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    port,
    databaseUrl: database.url,
    close: () => {
      closing ??= (async () => {
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await publisher.close();
        await resetConnectionsOfNode(prisma, nodeId).catch(() => {});
        await prisma.$disconnect();
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
