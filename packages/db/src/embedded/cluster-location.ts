import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { accountCan, type PostgresAccount } from './postgres-account';
import { chmodCreated, ensureRootOwnedDir } from './root-state-dir';

/** The prefix of every temp folder Standby makes (tests, the Prisma CLI): the only ones it may open up. */
export const STANDBY_TEMP_PREFIX = 'standby-';

/**
 * Where the cluster lives. Not root: the requested folder, as always. Root: PostgreSQL runs as
 * `postgres`, which must be able to enter every folder above its data. No folder Standby did not
 * create is ever changed: the requested folder is used when `postgres` can already reach it (folders
 * Standby creates on the way are made 0755, its own temp folders searchable); otherwise the cluster
 * goes to a folder Standby creates under `stateRoot`, said in one log line. An existing cluster that
 * cannot be reached is an error: silently starting an empty one would look like lost data.
 */
export async function chooseDataDir(
  requested: string,
  account: PostgresAccount | undefined,
  stateRoot: string,
  log: (line: string) => void,
): Promise<string> {
  const parent = path.dirname(requested);
  const created = await mkdir(parent, { recursive: true });
  if (!account) return requested;
  await chmodCreated(created, parent, 0o755);
  await openOwnTempDirs(parent);
  if (accountCan(account, '-x', parent)) return requested;
  const blocking = await firstBlockingFolder(account, parent);
  if (existsSync(path.join(requested, 'PG_VERSION')))
    throw new Error(
      `The embedded PostgreSQL cluster in ${requested} cannot be reached by the "${account.name}" user it runs as: ` +
        `${blocking} is not searchable by that user. Move the cluster where it can be reached and set STANDBY_DATA_DIR, ` +
        'allow it yourself (e.g. chmod o+x on that folder), or set DATABASE_URL.',
    );
  const home = path.join(
    stateRoot,
    'clusters',
    createHash('sha256').update(requested).digest('hex').slice(0, 16),
  );
  for (const dir of [stateRoot, path.dirname(home), home]) await ensureRootOwnedDir(dir);
  await writeFile(path.join(home, 'requested-path'), `${requested}\n`, { mode: 0o644 });
  const dataDir = path.join(home, 'pgdata');
  log(
    `[db] PostgreSQL runs as "${account.name}", which cannot enter ${blocking}; ` +
      `its data is kept in ${dataDir} instead of ${requested} (no folder was opened up)`,
  );
  return dataDir;
}

/**
 * Temp folders Standby made itself (`$TMPDIR/standby-*`, ours, 0700 from mkdtemp) get the search
 * bit for others — entering them, not listing them. Nothing else is changed.
 */
async function openOwnTempDirs(dir: string): Promise<void> {
  const tmp = path.resolve(os.tmpdir());
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    if (path.dirname(current) !== tmp || !path.basename(current).startsWith(STANDBY_TEMP_PREFIX)) continue;
    const info = await lstat(current);
    if (info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o001) === 0)
      await chmod(current, (info.mode & 0o7777) | 0o001);
  }
}

/** The outermost folder the account cannot enter, with its mode, for the message. */
async function firstBlockingFolder(account: PostgresAccount, dir: string): Promise<string> {
  const chain: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    chain.unshift(current);
    if (current === path.dirname(current)) break;
  }
  for (const folder of chain) {
    if (accountCan(account, '-x', folder)) continue;
    const mode = ((await lstat(folder)).mode & 0o7777).toString(8).padStart(4, '0');
    return `${folder} (mode ${mode})`;
  }
  return dir;
}
