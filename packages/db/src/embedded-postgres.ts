import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chooseDataDir } from './embedded/cluster-location';
import { type PostgresAccount, postgresAccount } from './embedded/postgres-account';
import { type PostgresBinaries, reachableBinaries } from './embedded/postgres-binaries';
import { watchPostmaster } from './embedded/postmaster-watchdog';
import { DEFAULT_ROOT_STATE_DIR } from './embedded/root-state-dir';
import {
  LEGACY_SUPERUSER_PASSWORD,
  newSuperuserPassword,
  readSuperuserPassword,
  storeSuperuserPassword,
} from './embedded/superuser-password';
import { findFreePort } from './free-port';

export { makeStandbyTempDir } from './embedded/standby-temp-dir';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Where the cluster's files are (as root, possibly not the requested folder: see cluster-location.ts). */
  dataDir: string;
  /** The postmaster's pid (its watchdog stops it should this process die without stopping it). */
  pid: number;
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  /** Directory for the cluster's files; kept across restarts. */
  dataDir: string;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  databaseName?: string;
  /** The server's own log lines. */
  onLog?: (line: string) => void;
  /** Lines for the operator (a relocated cluster, a created system user); console.warn by default. */
  onNotice?: (line: string) => void;
  /** As root: where binaries and unreachable clusters go (default /var/lib/standby). */
  rootStateDir?: string;
}

const USER = 'postgres';
const READY_LINE = 'database system is ready to accept connections';

/**
 * Starts the real PostgreSQL server shipped in npm packages, creating the cluster on first use. It
 * listens on loopback only (no Unix socket), its superuser has a random password kept with the data,
 * and a watchdog stops it if this process dies without stopping it (even by SIGKILL).
 */
export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedDatabase> {
  const notice = options.onNotice ?? ((line: string) => console.warn(line));
  // Keep the server's last lines: they are the explanation when start-up fails.
  const recentLines: string[] = [];
  const log = (line: string) => {
    recentLines.push(line);
    if (recentLines.length > 40) recentLines.shift();
    options.onLog?.(line);
  };
  const account = await postgresAccount(notice);
  const stateRoot = options.rootStateDir ?? DEFAULT_ROOT_STATE_DIR;
  const dataDir = await chooseDataDir(path.resolve(options.dataDir), account, stateRoot, notice);
  const binaries = await reachableBinaries(account, stateRoot);
  await stopOrphanedServer(dataDir);
  let password = await readSuperuserPassword(dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    password = newSuperuserPassword();
    await initialiseCluster(binaries, dataDir, password, account, log);
    await storeSuperuserPassword(dataDir, password, account);
  } else if (!password) {
    // Made with the old constant: a random password is kept first, then set (adoptStoredPassword).
    password = newSuperuserPassword();
    await storeSuperuserPassword(dataDir, password, account);
  }
  const port = options.port ?? (await findFreePort());
  const server = await startPostmaster(binaries, dataDir, port, account, log).catch((error: Error) => {
    throw new Error(
      `Embedded PostgreSQL failed to start from ${dataDir}: ${error.message}. ` +
        `Set DATABASE_URL to use another server. Its last lines:\n${recentLines.join('\n')}`,
    );
  });
  const watchdog = watchPostmaster(server.pid!);
  const stop = async () => {
    await stopPostmaster(server);
    watchdog.release();
  };
  try {
    await adoptStoredPassword(port, password);
    const databaseName = options.databaseName ?? 'standby';
    await createDatabaseIfMissing(port, password, databaseName);
    return {
      url: `postgresql://${USER}:${password}@127.0.0.1:${port}/${databaseName}`,
      port,
      dataDir,
      pid: server.pid!,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function runAs(account: PostgresAccount | undefined) {
  return account ? { uid: account.uid, gid: account.gid } : {};
}

/** initdb; the password is handed over in a private temp file (0600, the server account's), then removed. */
async function initialiseCluster(
  binaries: PostgresBinaries,
  dataDir: string,
  password: string,
  account: PostgresAccount | undefined,
  log: (line: string) => void,
): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (account && (await readdir(dataDir)).length === 0) await chown(dataDir, account.uid, account.gid);
  const passwordDir = await mkdtemp(path.join(os.tmpdir(), 'standby-initdb-'));
  const passwordFile = path.join(passwordDir, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (account) {
      await chown(passwordFile, account.uid, account.gid);
      await chown(passwordDir, account.uid, account.gid);
    }
    await runInitdb(binaries, dataDir, passwordFile, account, log);
  } finally {
    await rm(passwordDir, { recursive: true, force: true });
  }
}

async function runInitdb(
  binaries: PostgresBinaries,
  dataDir: string,
  passwordFile: string,
  account: PostgresAccount | undefined,
  log: (line: string) => void,
): Promise<void> {
  const child = spawn(
    path.join(binaries.binDir, 'initdb'),
    [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--lc-messages=C',
    ],
    { ...runAs(account), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    log(chunk.toString('utf8').trimEnd());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`initdb failed for ${dataDir} (exit ${code}):\n${output.trim()}`);
}

async function startPostmaster(
  binaries: PostgresBinaries,
  dataDir: string,
  port: number,
  account: PostgresAccount | undefined,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawn(
    path.join(binaries.binDir, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      ...['-c', 'listen_addresses=127.0.0.1'],
      // No socket file in /tmp: clients connect over loopback TCP, with the password.
      ...['-c', 'unix_socket_directories='],
      ...['-c', 'max_connections=200'],
    ],
    { ...runAs(account), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let ready = false;
    const onOutput = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text.trimEnd());
      if (!ready && text.includes(READY_LINE)) {
        ready = true;
        resolve();
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`the server exited (${signal ?? `code ${code}`})`));
    });
  });
  return child;
}

/** SIGINT is PostgreSQL's fast shutdown: sessions end, the cluster is left consistent. */
async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await exited;
}

/**
 * A cluster made with the old constant password: the random one was kept beside the data before
 * this start, and is set now. A crash in between leaves the constant in force and the kept password
 * unused, so the next start simply does it again — no step can lock the data out.
 */
async function adoptStoredPassword(port: number, password: string): Promise<void> {
  const works = await withClient(port, password, 'postgres', async () => true).catch(
    (error: { code?: string }) => {
      if (error.code === '28P01') return false; // invalid_password
      throw error;
    },
  );
  if (works) return;
  await withClient(port, LEGACY_SUPERUSER_PASSWORD, 'postgres', async (client) => {
    await client.query(`ALTER USER "${USER}" PASSWORD '${password.replaceAll("'", "''")}'`);
  });
}

async function createDatabaseIfMissing(port: number, password: string, name: string): Promise<void> {
  await withClient(port, password, 'postgres', async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  });
}

async function withClient<T>(
  port: number,
  password: string,
  database: string,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database });
  client.on('error', () => {});
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
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
