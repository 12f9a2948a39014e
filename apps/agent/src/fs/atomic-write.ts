import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface WriteFileAtomicOptions {
  /** Permission bits for the file; by default the target's current bits (or 0o644 for a new file). */
  mode?: number;
}

/**
 * Replaces `file` with `content` so that a crash leaves either the old or the new file, never a mix:
 * write a temp file beside it, fsync, rename over the target, then fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  // Renaming over a symlink would replace the link itself; write where it points instead.
  const target = await resolveTarget(file);
  const dir = path.dirname(target);
  const mode = options.mode ?? (await currentMode(target)) ?? 0o644;
  // Same directory so rename(2) stays on one filesystem and is atomic.
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let created = false;
  try {
    const handle = await open(temp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(content);
      // The open mode is filtered by the umask; chmod makes the bits exact.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    created = false;
    await syncDirectory(dir);
  } catch (error) {
    if (created) await unlink(temp).catch(() => undefined);
    throw error;
  }
}

async function resolveTarget(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return file;
    throw error;
  }
}

async function currentMode(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems (and platforms) refuse fsync on a directory; the rename has still happened.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    await handle.close();
  }
}
