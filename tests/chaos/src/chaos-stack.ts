// What the faults are injected into: an embedded PostgreSQL (owned here, so it outlives a killed
// dashboard and can be stopped or frozen), a dashboard process, and the proxy the agents go through.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createEnrollmentToken } from '@standby/api';
import { createPrismaClient, type PrismaClient } from '@standby/db';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '@standby/db/embedded';
import { pickPort } from '@standby/simulator/ports';
import { type ChildRun, freezePostgres, startDashboardProcess } from './processes';
import { ChaosProxy } from './tcp-proxy';

export class ChaosStack {
  private constructor(
    readonly dir: string,
    private database: EmbeddedDatabase,
    readonly prisma: PrismaClient,
    readonly proxy: ChaosProxy,
    private dashboard: ChildRun,
    readonly dashboardPort: number,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Ports out of the kernel's ephemeral range (as the simulator picks them): the dashboard comes back
   * on the same port after a kill, and no agent's outgoing connection can take it meanwhile.
   */
  static async start(dir: string, log: (line: string) => void): Promise<ChaosStack> {
    await mkdir(path.join(dir, 'logs'), { recursive: true });
    const database = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pgdata'),
      port: await pickPort(),
    });
    const dashboardPort = await pickPort();
    let dashboard: ChildRun;
    try {
      dashboard = await startDashboardProcess({
        databaseUrl: database.url,
        port: dashboardPort,
        logFile: path.join(dir, 'logs/dashboard.log'),
      });
    } catch (error) {
      await database.stop();
      throw error;
    }
    const prisma = createPrismaClient(database.url, { maxConnections: 4 });
    const proxy = await ChaosProxy.start({ port: dashboardPort }, await pickPort());
    log(`stack: PostgreSQL :${database.port}, dashboard :${dashboardPort}, proxy ${proxy.url}`);
    return new ChaosStack(dir, database, prisma, proxy, dashboard, dashboardPort, log);
  }

  get databaseDataDir(): string {
    return this.database.dataDir;
  }

  get dashboardRunning(): boolean {
    return this.dashboard.running;
  }

  async enrollmentToken(maxUses: number): Promise<{ id: string; token: string }> {
    return createEnrollmentToken(
      this.prisma,
      { label: 'chaos', expiresInHours: 1, maxUses },
      { id: 'chaos', label: 'chaos' },
    );
  }

  /** A fast shutdown of PostgreSQL: every connection is closed, new ones refused. */
  async stopDatabase(): Promise<void> {
    await this.database.stop();
  }

  /** Starts it again on the same port and data. */
  async startDatabase(): Promise<void> {
    this.database = await startEmbeddedPostgres({ dataDir: this.database.dataDir, port: this.database.port });
  }

  freezeDatabase(): Promise<{ thaw(): void }> {
    return freezePostgres(this.database.dataDir);
  }

  /** kill -9 of the dashboard's whole process group: nothing of it gets to run again. */
  async killDashboard(): Promise<void> {
    await this.dashboard.signal('SIGKILL');
  }

  /** A new dashboard process on the same port (it applies no migration twice, serves at once). */
  async startDashboard(): Promise<void> {
    if (this.dashboard.running) throw new Error('the dashboard still runs');
    this.dashboard = await startDashboardProcess({
      databaseUrl: this.database.url,
      port: this.dashboardPort,
      logFile: path.join(this.dir, 'logs/dashboard.log'),
    });
    this.log('stack: dashboard restarted on the same port');
  }

  /** Everything back as it was, for the next scenario: a faithful link, a database that answers. */
  async ensureHealthy(): Promise<void> {
    this.proxy.restore();
    if (!this.dashboard.running) await this.startDashboard();
  }

  async close(): Promise<void> {
    await this.proxy.close();
    const forced = setTimeout(() => void this.dashboard.signal('SIGKILL'), 20_000);
    await this.dashboard.signal('SIGTERM');
    clearTimeout(forced);
    await this.prisma.$disconnect().catch(() => {});
    await this.database.stop().catch(() => {});
  }
}
