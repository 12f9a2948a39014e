import http from 'node:http';
import { type Registry, sendJsonError, serveMetrics } from '@standby/telemetry';

export interface AgentMetricsServer {
  /** The port it listens on (the configured one, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The agent's /metrics listener: loopback by default (agent.metrics.host), no authentication — who
 * can reach the address can read it, so expose it beyond the host only behind a firewall or proxy.
 */
export async function startAgentMetricsServer(options: {
  registry: Registry;
  port: number;
  host: string;
  log: (line: string) => void;
}): Promise<AgentMetricsServer> {
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/metrics') {
      sendJsonError(res, 404, 'NOT_FOUND', 'only /metrics is served here');
      return;
    }
    void serveMetrics(options.registry, req, res, (error) =>
      options.log(`metrics: scrape failed: ${(error as Error).message}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
