import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@standby/db/embedded';
import { describe, expect, it } from 'vitest';
import { startDashboard } from '../src/server/start-dashboard';

describe('GET /api/health when the database is unreachable', () => {
  it('answers 503 with database "down", then 200 again once it is back', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'standby-health-'));
    const dataDir = path.join(dir, 'pgdata');
    let database = await startEmbeddedPostgres({ dataDir });
    const dashboard = await startDashboard({
      port: 0,
      host: '127.0.0.1',
      databaseUrl: database.url,
      embeddedDataDir: dataDir,
      serveUi: false,
      log: () => {},
    });
    try {
      expect((await fetch(`${dashboard.url}/api/health`)).status).toBe(200);

      await database.stop();
      const down = await fetch(`${dashboard.url}/api/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: 'degraded', database: 'down', agents: { connected: 0 } });

      database = await startEmbeddedPostgres({ dataDir, port: database.port });
      const up = await fetch(`${dashboard.url}/api/health`);
      expect(up.status).toBe(200);
    } finally {
      await dashboard.close();
      await database.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  });
});
