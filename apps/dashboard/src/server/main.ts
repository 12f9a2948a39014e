// Entry point of the dashboard process: `pnpm --filter @standby/dashboard start`.
import { exitWithParent } from '@standby/protocol/exit-with-parent';
import { createLogger, lineLogger, setProcessLogger } from '@standby/telemetry';
import { prepareDemo, readDemoFleetDir } from './demo-setup';
import { readDashboardEnv } from './env';
import { type RunningDashboard, startDashboard } from './start-dashboard';
import { TlsSetupError } from './tls';

// JSON lines by default (log pipelines); `pnpm demo` sets STANDBY_LOG_FORMAT=pretty.
const logger = setProcessLogger(createLogger({ name: 'dashboard' }));
let running: RunningDashboard | undefined;
let stopping: Promise<void> | undefined;
// Before start-up completes there is nothing to close: the embedded PostgreSQL's watchdog stops it.
const stop = (why: string) => {
  stopping ??= (async () => {
    logger.info(`${why}: shutting down`);
    await running?.close();
    process.exit(0);
  })();
  return stopping;
};
// Started by `pnpm demo` (or a test) with an IPC channel: never outlive it, even when it is SIGKILLed.
exitWithParent((why) => stop(why));

const env = readDashboardEnv();
const demoFleetDir = readDemoFleetDir(process.env);
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
  tls: env.tls,
  serveUi: env.serveUi,
  retentionDays: env.retentionDays,
  nodeLeaseMs: env.nodeLeaseMs,
  alerts: env.alerts,
  enrollLimits: env.enrollLimits,
  metrics: env.metrics,
  ...(demoTokenFile
    ? {
        prepareDatabase: (prisma) =>
          prepareDemo(prisma, { tokenFile: demoTokenFile, fleetDir: demoFleetDir }, lineLogger(logger)),
      }
    : {}),
}).catch(refuseToStart);
running = dashboard;
logger.info(`listening on ${dashboard.url}`);

process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

/** A TLS setting that cannot work (checked before anything starts): one line naming the variable, no stack. */
function refuseToStart(error: unknown): never {
  if (!(error instanceof TlsSetupError)) throw error;
  // Before anything runs: one plain line on stderr for the operator, like a CLI error.
  console.error(`[dashboard] cannot start: ${error.message}`);
  process.exit(1);
}
