// Child process: one dashboard (API, sockets; no pages) on a fresh embedded PostgreSQL in the given directory.
// STANDBY_ALERT_HOLD_DOWN_SEC, when set (the alerts scenario), is the alert hold-down, as the dashboard's
// own entry reads it; the alert worker's complaints are then shown (they explain a missing notice).
import path from 'node:path';
import { startDashboard } from '@standby/dashboard/server';
import { onStopRequest, reportFailure, tellParent } from './child-lifecycle';

export interface TDashboardReady {
  type: 'ready';
  port: number;
  databaseUrl: string;
  postgresPort: number;
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: dashboard-process.ts <dir>');
const holdDownRaw = process.env.STANDBY_ALERT_HOLD_DOWN_SEC;
const holdDownSec = holdDownRaw === undefined ? undefined : Number(holdDownRaw);
if (holdDownSec !== undefined && !(Number.isFinite(holdDownSec) && holdDownSec >= 0)) {
  throw new Error('dashboard-process.ts: STANDBY_ALERT_HOLD_DOWN_SEC must be seconds, at least 0');
}

const started = startDashboard({
  port: 0,
  host: '127.0.0.1',
  embeddedDataDir: path.join(dir, 'pgdata'),
  serveUi: false,
  log:
    holdDownSec === undefined
      ? () => {}
      : (line) => {
          if (line.startsWith('[alerts]')) process.stderr.write(`dashboard: ${line}\n`);
        },
  ...(holdDownSec === undefined ? {} : { alerts: { holdDownMs: Math.round(holdDownSec * 1_000) } }),
});
onStopRequest(async () => {
  const dashboard = await started.catch(() => undefined);
  await dashboard?.close();
});
started.then(
  (dashboard) =>
    tellParent({
      type: 'ready',
      port: dashboard.port,
      databaseUrl: dashboard.databaseUrl,
      postgresPort: Number(new URL(dashboard.databaseUrl).port),
    } satisfies TDashboardReady),
  (error: unknown) => {
    reportFailure(error);
    process.exit(1);
  },
);
