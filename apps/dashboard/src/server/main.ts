// Entry point of the dashboard process: `pnpm --filter @standby/dashboard start`.
import { prepareDemo } from './demo-setup';
import { readDashboardEnv } from './env';
import { startDashboard } from './start-dashboard';

const env = readDashboardEnv();
const demoTokenFile = env.demoEnrollmentTokenFile;
const dashboard = await startDashboard({
  port: env.port,
  host: env.host,
  databaseUrl: env.databaseUrl,
  embeddedDataDir: env.embeddedDataDir,
  dev: env.dev,
  authSecret: env.authSecret,
  publicUrl: env.publicUrl,
  trustedOrigins: env.trustedOrigins,
  trustedProxies: env.trustedProxies,
  serveUi: env.serveUi,
  retentionDays: env.retentionDays,
  nodeLeaseMs: env.nodeLeaseMs,
  alerts: env.alerts,
  ...(demoTokenFile
    ? { prepareDatabase: (prisma) => prepareDemo(prisma, demoTokenFile, (line) => console.log(line)) }
    : {}),
});
console.log(`[dashboard] listening on ${dashboard.url}`);

const stop = async (signal: string) => {
  console.log(`[dashboard] ${signal}: shutting down`);
  await dashboard.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
