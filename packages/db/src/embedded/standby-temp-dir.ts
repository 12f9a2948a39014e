import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { STANDBY_TEMP_PREFIX } from './cluster-location';

/**
 * A fresh temp folder for a throwaway cluster (tests, the Prisma CLI). Made searchable (0711) at
 * once, so that as root the `postgres` user can enter it: it is ours, nothing else is opened up.
 */
export async function makeStandbyTempDir(prefix = STANDBY_TEMP_PREFIX): Promise<string> {
  const name = prefix.startsWith(STANDBY_TEMP_PREFIX) ? prefix : `${STANDBY_TEMP_PREFIX}${prefix}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), name));
  await chmod(dir, 0o711);
  return dir;
}
