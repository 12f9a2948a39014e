// Entry point of the dashboard process: `pnpm --filter @standby/dashboard start`.
import { readDashboardEnv } from './env';
import { startDashboard } from './start-dashboard';

const env = readDashboardEnv();
const dashboard = await startDashboard({
  port: env.port,
  host: env.host,
  databaseUrl: env.databaseUrl,
  embeddedDataDir: env.embeddedDataDir,
  dev: env.dev,
});
console.log(`[dashboard] listening on ${dashboard.url}`);

const stop = async (signal: string) => {
  console.log(`[dashboard] ${signal}: shutting down`);
  await dashboard.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
