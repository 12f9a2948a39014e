import type { IncomingMessage, ServerResponse } from 'node:http';
import { countConnectedAgents } from '@standby/api';
import type { PrismaClient } from '@standby/db';

const DATABASE_TIMEOUT_MS = 2_000;

/** GET /api/health: 200 when the database answers, 503 when it does not. */
export async function handleHealth(
  _req: IncomingMessage,
  res: ServerResponse,
  deps: { prisma: PrismaClient; localAgentCount: () => number },
): Promise<void> {
  let database: 'ok' | 'down' = 'ok';
  let connected = deps.localAgentCount();
  try {
    connected = await withTimeout(countConnectedAgents(deps.prisma), DATABASE_TIMEOUT_MS);
  } catch {
    database = 'down';
  }
  const body = JSON.stringify({
    status: database === 'ok' ? 'ok' : 'degraded',
    database,
    agents: { connected },
  });
  res.writeHead(database === 'ok' ? 200 : 503, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
