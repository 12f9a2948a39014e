import { chmod, lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where Standby keeps what the `postgres` user must reach when Standby runs as root and its own
 * folders are private: the copied binaries, and clusters whose requested folder is unreachable.
 */
export const DEFAULT_ROOT_STATE_DIR = '/var/lib/standby';

/**
 * Creates `dir` (0755, root's) or checks that an existing one is root's alone: binaries run from
 * here as another user, so nobody but root may be able to place files in it.
 */
export async function ensureRootOwnedDir(dir: string): Promise<void> {
  try {
    await chmodCreated(await mkdir(dir, { recursive: true, mode: 0o755 }), dir, 0o755);
  } catch (error) {
    throw new Error(
      `Cannot create ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): running as root, ` +
        'the embedded PostgreSQL keeps what the "postgres" user must reach there. Run as another user or set DATABASE_URL.',
    );
  }
  const info = await lstat(dir);
  if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0 || (info.mode & 0o005) !== 0o005)
    throw new Error(
      `${dir} must be a folder owned by root, writable by root alone and searchable by others (mode 0755); fix it or set DATABASE_URL.`,
    );
}

/**
 * Gives `mode` to the folders one `mkdir -p` of `dir` created (`firstCreated` and those below it, up
 * to `dir`), whatever the umask: folders this process made are Standby's to set.
 */
export async function chmodCreated(
  firstCreated: string | undefined,
  dir: string,
  mode: number,
): Promise<void> {
  if (!firstCreated) return;
  for (let current = dir; ; current = path.dirname(current)) {
    await chmod(current, mode);
    if (current === firstCreated || current === path.dirname(current)) return;
  }
}
