import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '@standby/db';

/** Where versions before this one kept the secret, in clear, readable by anyone reading the database. */
const LEGACY_SECRET_ROW_ID = 'standby-auth-secret';
export const AUTH_SECRET_FILE = 'auth-secret';
const MIN_SECRET_LENGTH = 32;

export interface AuthSecretSource {
  prisma: PrismaClient;
  /** STANDBY_AUTH_SECRET: wins when set (several nodes on one database must all set the same one). */
  fromEnv: string | undefined;
  /** The folder kept beside the data (STANDBY_DATA_DIR, or `.standby/`): the secret file lives here. */
  dataDir: string;
  log: (line: string) => void;
}

/**
 * The key that signs session cookies — never in the database, so a copy of the database (a
 * backup, a read-only account) cannot forge a cookie. STANDBY_AUTH_SECRET wins; otherwise a random
 * one is made on first start in `<dataDir>/auth-secret` (mode 0600). The old database row is
 * deleted on every start: a secret that sat in the database is not trusted again.
 */
export async function loadOrCreateAuthSecret(source: AuthSecretSource): Promise<string> {
  const removed = await source.prisma.verification.deleteMany({ where: { id: LEGACY_SECRET_ROW_ID } });
  if (removed.count > 0)
    source.log(
      '[auth] removed the cookie secret kept in the database by an older version; everyone signs in again',
    );
  if (source.fromEnv) return source.fromEnv;
  const file = path.join(source.dataDir, AUTH_SECRET_FILE);
  const secret = await readOrCreateSecretFile(file, source.log);
  source.log(
    `[auth] session cookies signed with the secret in ${file} (set STANDBY_AUTH_SECRET to share one between nodes)`,
  );
  return secret;
}

async function readOrCreateSecretFile(file: string, log: (line: string) => void): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written whole to a private temporary file, then linked into place: a node starting at the same
  // moment sees either no file or the complete one, and exactly one secret wins.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary).catch(() => {});
  }
  const mode = (await stat(file)).mode & 0o777;
  if (mode & 0o077) {
    await chmod(file, 0o600);
    log(`[auth] ${file} was readable by others (mode ${mode.toString(8)}); made it 0600`);
  }
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `${file} holds no usable secret (at least ${MIN_SECRET_LENGTH} characters); delete it to have a new one made`,
    );
  }
  return secret;
}
