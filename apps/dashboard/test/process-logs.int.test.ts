import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '@standby/db/free-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient } from './fixtures';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ADMIN_PASSWORD = 'log-test admin password 7731';
const WRONG_PASSWORD = 'log-test wrong guess 5519';

// The dashboard process as an operator runs it (production, no STANDBY_LOG_FORMAT): its output is JSON
// lines from one logger, and no password, token, credential or cookie it handled appears in them.
describe('the dashboard process log', { timeout: 120_000 }, () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-logs-'));
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}`;
    // As an operator starts it in production, with no log format chosen.
    const { STANDBY_LOG_FORMAT: _format, ...env } = process.env;
    child = spawn(process.execPath, ['--import', 'tsx', 'apps/dashboard/src/server/main.ts'], {
      cwd: ROOT,
      env: {
        ...env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        STANDBY_API_ONLY: '1',
        STANDBY_DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    // As root the first start may copy PostgreSQL's binaries for the postgres user: allow for it.
    const healthy = () =>
      fetch(`${url}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
    for (let i = 0; i < 480 && !(await healthy()); i++)
      await new Promise((resolve) => setTimeout(resolve, 250));
    if (!(await healthy()))
      throw new Error(
        `the dashboard did not become healthy:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
      );
  }, 150_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('is JSON lines naming the process, with no secret it handled', async () => {
    // Health answers before start-up ends; the first-admin link is the last line of it.
    for (let i = 0; i < 120 && !/setup\?token=/.test(stdout); i++)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const setupToken = /setup\?token=([\w-]+)/.exec(stdout)?.[1];
    expect(setupToken, 'the first-admin link is printed for the operator').toBeDefined();
    const anonymous = browserClient(url);
    await anonymous.session.createFirstAdmin.mutate({
      email: 'root@logs.test',
      name: 'Root',
      password: ADMIN_PASSWORD,
      setupToken: setupToken!,
    });
    const signIn = (password: string) =>
      fetch(`${url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ email: 'root@logs.test', password }),
      });
    expect((await signIn(WRONG_PASSWORD)).status).toBe(401);
    const signedIn = await signIn(ADMIN_PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    const admin = browserClient(url, cookie);
    const { token: enrollmentToken } = await admin.admin.createEnrollmentToken.mutate({
      label: 'logs',
      expiresInHours: 1,
      maxUses: 1,
    });
    const { token: apiToken } = await admin.tokens.create.mutate({
      name: 'logs',
      scope: 'read',
      expiresInDays: 1,
    });
    // A bogus agent credential and the real API token, sent where servers tend to log them.
    const bogusCredential = `sba_${'Q'.repeat(43)}`;
    const refused = await fetch(`${url}/api/trpc/session.me`, {
      headers: { authorization: `Bearer ${bogusCredential}`, cookie: `${cookie}x` },
    });
    await refused.text();
    expect(
      (await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${apiToken}` } })).status,
    ).toBe(200);
    const sessionValue = cookie.split('=')[1] ?? '';

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;

    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      const entry = JSON.parse(line) as { name?: string; level?: number; msg?: string };
      expect(entry.name).toBe('dashboard');
      expect(typeof entry.level).toBe('number');
    }
    expect(stdout).toContain('shutting down');
    const output = stdout + stderr;
    for (const secret of [
      ADMIN_PASSWORD,
      WRONG_PASSWORD,
      enrollmentToken,
      apiToken,
      bogusCredential,
      sessionValue,
    ])
      expect(output).not.toContain(secret);
  });
});
