import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeStandbyTempDir, startEmbeddedPostgres } from '../src/embedded-postgres';

const asRoot = process.getuid?.() === 0;
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const withPassword = (url: string, password: string) => {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
};

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded PostgreSQL', () => {
  it('gives the superuser a random password kept with the data (0600), and refuses the old constant', async () => {
    const dir = await makeStandbyTempDir('standby-pg-password-');
    cleanup.push(dir);
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pgdata') });
    try {
      const password = decodeURIComponent(new URL(db.url).password);
      expect(password).not.toBe('standby-local');
      expect(password.length).toBeGreaterThanOrEqual(32);
      const file = path.join(db.dataDir, 'standby-superuser-password');
      expect((await readFile(file, 'utf8')).trim()).toBe(password);
      const info = await stat(file);
      expect(info.mode & 0o777).toBe(0o600);
      if (asRoot) expect(info.uid).not.toBe(0); // the server's account, not root
      expect(await query(db.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await expect(query(withPassword(db.url, 'standby-local'), 'SELECT 1')).rejects.toThrow(/password/);
      // Loopback TCP only: no socket file in /tmp.
      expect(await query(db.url, 'SHOW unix_socket_directories')).toEqual([{ unix_socket_directories: '' }]);
    } finally {
      await db.stop();
    }
  });

  it('moves a cluster made with the old constant password to a random one, keeping its data', async () => {
    const dir = await makeStandbyTempDir('standby-pg-legacy-');
    cleanup.push(dir);
    const dataDir = path.join(dir, 'pgdata');
    let db = await startEmbeddedPostgres({ dataDir });
    await query(db.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('old demo data')");
    // As a cluster of the previous release: the constant, and no password file.
    await query(db.url, "ALTER USER postgres PASSWORD 'standby-local'");
    await db.stop();
    await unlink(path.join(dataDir, 'standby-superuser-password'));

    db = await startEmbeddedPostgres({ dataDir });
    try {
      const password = decodeURIComponent(new URL(db.url).password);
      expect(password).not.toBe('standby-local');
      expect((await readFile(path.join(dataDir, 'standby-superuser-password'), 'utf8')).trim()).toBe(
        password,
      );
      expect(await query(db.url, 'SELECT v FROM kept')).toEqual([{ v: 'old demo data' }]);
      await expect(query(withPassword(db.url, 'standby-local'), 'SELECT 1')).rejects.toThrow(/password/);
    } finally {
      await db.stop();
    }
    // And the next start uses the kept password as is.
    db = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(db.url, 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 1 }]);
    } finally {
      await db.stop();
    }
  });

  it('never changes a folder it did not create: an unreachable one is used elsewhere (root) or as is', async () => {
    // A private folder of the user's (mode 0700, not one of Standby's temp folders).
    const privateDir = await mkdtemp(path.join(os.tmpdir(), 'private-'));
    cleanup.push(privateDir);
    const stateRoot = await makeStandbyTempDir('standby-pg-state-');
    cleanup.push(stateRoot);
    await chmod(stateRoot, 0o755);
    const requested = path.join(privateDir, 'deep', 'pgdata');
    const notices: string[] = [];
    const db = await startEmbeddedPostgres({
      dataDir: requested,
      rootStateDir: path.join(stateRoot, 'standby'),
      onNotice: (line) => notices.push(line),
    });
    try {
      expect((await stat(privateDir)).mode & 0o7777).toBe(0o700);
      expect(await query(db.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      if (asRoot) {
        // `postgres` cannot enter the private folder: the data went to a folder Standby made, said once.
        expect(db.dataDir.startsWith(path.join(stateRoot, 'standby', 'clusters'))).toBe(true);
        expect(notices.filter((line) => line.includes(db.dataDir))).toHaveLength(1);
        expect(notices.join('\n')).toContain(`${privateDir} (mode 0700)`);
        expect((await readFile(path.join(path.dirname(db.dataDir), 'requested-path'), 'utf8')).trim()).toBe(
          requested,
        );
      } else {
        expect(db.dataDir).toBe(requested);
        expect(notices).toEqual([]);
      }
    } finally {
      await db.stop();
    }
  });

  it('a process that dies by SIGKILL leaves no postmaster behind (its watchdog stops it)', async () => {
    const dir = await makeStandbyTempDir('standby-pg-watchdog-');
    cleanup.push(dir);
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve(import.meta.dirname, '../src/embedded-postgres.ts'))};
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, 'pgdata'))} });
      console.log(JSON.stringify({ pid: db.pid }));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: path.resolve(import.meta.dirname, '..'),
    });
    const postmasterPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /\{"pid":(\d+)\}/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    expect(isAlive(postmasterPid)).toBe(true);
    child.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (isAlive(postmasterPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(postmasterPid)).toBe(false);
    // Stopped cleanly (fast shutdown), not killed: PostgreSQL removes its pid file on a clean stop.
    await expect(stat(path.join(dir, 'pgdata', 'postmaster.pid'))).rejects.toThrow(/ENOENT/);
  });
});
