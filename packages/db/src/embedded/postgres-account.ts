import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The system user PostgreSQL runs as when Standby runs as root (PostgreSQL refuses to run as root). */
export interface PostgresAccount {
  name: string;
  uid: number;
  gid: number;
}

export const POSTGRES_USER_NAME = 'postgres';

/** Whether this process runs as root (PostgreSQL then has to run as another user). */
export const runningAsRoot = (): boolean => process.getuid?.() === 0;

/**
 * The `postgres` account, created (a system user without a home or a login shell) when missing.
 * Undefined when not root: PostgreSQL then runs as the current user.
 */
export async function postgresAccount(log: (line: string) => void): Promise<PostgresAccount | undefined> {
  if (!runningAsRoot()) return undefined;
  const found = await lookUp(POSTGRES_USER_NAME);
  if (found) return found;
  try {
    await run('groupadd', ['--system', POSTGRES_USER_NAME]).catch(() => undefined); // may exist alone
    await run('useradd', [
      '--system',
      '--gid',
      POSTGRES_USER_NAME,
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      POSTGRES_USER_NAME,
    ]);
  } catch (error) {
    throw new Error(
      `Running as root, the embedded PostgreSQL needs a "${POSTGRES_USER_NAME}" system user and could not create it ` +
        `(${(error as Error).message.split('\n')[0]}). Create it (useradd --system ${POSTGRES_USER_NAME}), run as another user, or set DATABASE_URL.`,
    );
  }
  log(`[db] created the "${POSTGRES_USER_NAME}" system user: PostgreSQL refuses to run as root`);
  const created = await lookUp(POSTGRES_USER_NAME);
  if (!created) throw new Error(`the "${POSTGRES_USER_NAME}" user was created but cannot be found`);
  return created;
}

async function lookUp(name: string): Promise<PostgresAccount | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Whether the account can use `target` as PostgreSQL will: `test` runs with the very credentials the
 * server gets (uid, primary gid, no supplementary groups), so ACLs and every ancestor are accounted for.
 */
export function accountCan(account: PostgresAccount, test: '-x' | '-r' | '-w', target: string): boolean {
  const result = spawnSync('test', [test, target], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return result.status === 0;
}
