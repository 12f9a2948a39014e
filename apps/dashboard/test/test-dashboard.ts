import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type RunningDashboard, startDashboard } from '../src/server/start-dashboard';

export interface TestDashboard extends RunningDashboard {
  dir: string;
  dispose(): Promise<void>;
}

/** A real dashboard (API, sockets, health; no pages) on a fresh embedded PostgreSQL in a temp dir. */
export async function startTestDashboard(options: { dir?: string } = {}): Promise<TestDashboard> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'standby-test-')));
  const dashboard = await startDashboard({
    port: 0,
    host: '127.0.0.1',
    embeddedDataDir: path.join(dir, 'pgdata'),
    serveUi: false,
    log: () => {},
  });
  return {
    ...dashboard,
    dir,
    dispose: async () => {
      await dashboard.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
