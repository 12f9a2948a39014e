import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const AGENT_DIR = path.resolve(import.meta.dirname, '..');
const UNIT = path.join(AGENT_DIR, 'deploy/standby-agent.service');

// The README's "Install the agent as a service" steps, on a clean folder: the bundle alone, run by
// plain Node, and the unit as systemd itself reads it.
describe('the agent as a service', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-agent-install-'));
    await run(process.execPath, [path.join(AGENT_DIR, 'scripts/bundle.mjs')], { cwd: AGENT_DIR });
    await copyFile(path.join(AGENT_DIR, 'dist/standby-agent.mjs'), path.join(dir, 'standby-agent.mjs'));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }));

  it('the unit file passes systemd-analyze verify without a warning', async () => {
    // verify exits 0 on unknown keys and bad values; only its silence means the unit is clean.
    const { stdout, stderr } = await run('systemd-analyze', ['verify', UNIT]).catch((error: unknown) => {
      throw new Error(`systemd-analyze is needed (Debian: apt-get install -y systemd): ${String(error)}`);
    });
    expect(stderr.trim()).toBe('');
    expect(stdout.trim()).toBe('');
  });

  it('the unit runs the bundle as its own user, hardened, restarting on failure', async () => {
    const unit = await readFile(UNIT, 'utf8');
    const settings = new Map(
      unit
        .split('\n')
        .filter((line) => /^\w+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(settings.get('User')).toBe('standby-agent');
    expect(settings.get('ProtectSystem')).toBe('strict');
    expect(settings.get('NoNewPrivileges')).toBe('yes');
    expect(settings.get('Restart')).toBe('on-failure');
    expect(settings.get('ExecStart')).toMatch(/standby-agent\.mjs run --config \S+agent\.yaml$/);
  });

  it('the copied bundle prints the package version, the one it reports to the dashboard', async () => {
    const { version } = JSON.parse(await readFile(path.join(AGENT_DIR, 'package.json'), 'utf8')) as {
      version: string;
    };
    const { stdout } = await run(process.execPath, [path.join(dir, 'standby-agent.mjs'), '--version'], {
      cwd: dir,
    });
    expect(stdout.trim()).toBe(version);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('the copied bundle refuses a missing config with a clear error and exit code 2', async () => {
    const missing = path.join(dir, 'nope.yaml');
    const failure = await run(
      process.execPath,
      [path.join(dir, 'standby-agent.mjs'), 'check', '--config', missing],
      {
        cwd: dir,
      },
    ).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('nope.yaml');
    expect(failure?.stderr).not.toMatch(/\n\s+at /);
  });
});
