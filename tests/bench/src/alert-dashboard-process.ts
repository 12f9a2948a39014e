// Child process: a dashboard as in dashboard-process.ts, with the alert hold-down taken from
// STANDBY_ALERT_HOLD_DOWN_SEC as the dashboard's own entry reads it (apps/dashboard/src/server/env.ts).
import path from 'node:path';
import { startDashboard } from '@standby/dashboard/server';
import { onStopRequest, reportFailure, tellParent } from './child-lifecycle';
import type { TDashboardReady } from './dashboard-process';

const dir = process.argv[2];
if (!dir) throw new Error('usage: alert-dashboard-process.ts <dir>');
const holdDownSec = Number(process.env.STANDBY_ALERT_HOLD_DOWN_SEC);
if (!process.env.STANDBY_ALERT_HOLD_DOWN_SEC || !Number.isFinite(holdDownSec) || holdDownSec < 0) {
  throw new Error('alert-dashboard-process.ts: set STANDBY_ALERT_HOLD_DOWN_SEC (seconds, at least 0)');
}

const started = startDashboard({
  port: 0,
  host: '127.0.0.1',
  embeddedDataDir: path.join(dir, 'pgdata'),
  serveUi: false,
  // Only the alert worker's complaints (a failing pass): they explain a missing notice.
  log: (line) => {
    if (line.startsWith('[alerts]')) process.stderr.write(`dashboard: ${line}\n`);
  },
  // The worker polls at its default (1 s), as in production.
  alerts: { holdDownMs: Math.round(holdDownSec * 1_000) },
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
