// Child process: one dashboard (API, sockets; no pages) on a fresh embedded PostgreSQL in the given directory.
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

const started = startDashboard({
  port: 0,
  host: '127.0.0.1',
  embeddedDataDir: path.join(dir, 'pgdata'),
  serveUi: false,
  log: () => {},
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
