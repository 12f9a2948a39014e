import { randomBytes } from 'node:crypto';
import { chown, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PostgresAccount } from './postgres-account';

/** What clusters made before passwords were random used; replaced on their first start since. */
export const LEGACY_SUPERUSER_PASSWORD = 'standby-local';

/** Kept inside the data folder (0600, the server account's): it goes wherever the data goes. */
const FILE_NAME = 'standby-superuser-password';

export const newSuperuserPassword = (): string => randomBytes(24).toString('base64url');

export async function readSuperuserPassword(dataDir: string): Promise<string | undefined> {
  const text = await readFile(path.join(dataDir, FILE_NAME), 'utf8').catch(() => undefined);
  return text?.trim() || undefined;
}

/** Written aside and renamed into place: a crash never leaves a half-written password. */
export async function storeSuperuserPassword(
  dataDir: string,
  password: string,
  account: PostgresAccount | undefined,
): Promise<void> {
  const file = path.join(dataDir, FILE_NAME);
  const aside = `${file}.${process.pid}.tmp`;
  await writeFile(aside, `${password}\n`, { mode: 0o600 });
  if (account) await chown(aside, account.uid, account.gid);
  await rename(aside, file);
}
