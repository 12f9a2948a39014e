import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TCheckResult } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimulatedHostSpec, SimulatedSipHost } from '../src/simulated-host';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// The log probe only accepts lines written after the check started, so each host starts just after
// its check is launched; components come up late enough to follow the agent's start-up.
const SOON = {
  't-controller': 3_000,
  'smart-proxy': 3_200,
  'interaction-proxy': 3_400,
  'operational-info': 3_600,
};

/** Runs the README's command: `pnpm --silent agent check --config FILE --json`. */
function runCheck(
  configPath: string,
  json = true,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['--silent', 'agent', 'check', '--config', configPath, ...(json ? ['--json'] : [])];
  return new Promise((resolve) => {
    execFile('pnpm', args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('pnpm --silent agent check', { timeout: 60_000 }, () => {
  let dir: string;
  const hosts: SimulatedSipHost[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-agent-'));
  });
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.dispose()));
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  async function startHost(spec: Partial<SimulatedHostSpec> & Pick<SimulatedHostSpec, 'application'>) {
    const host = await SimulatedSipHost.create(dir, {
      hostname: `${spec.application.toLowerCase()}.test`,
      mode: 'backup',
      version: '8.1.103.64',
      options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
      componentDelaysMs: SOON,
      ...spec,
    });
    hosts.push(host);
    return host;
  }

  /** Launches the check, then starts the simulated SIP Server, as a real start would go. */
  async function checkAtStart(host: SimulatedSipHost) {
    const running = runCheck(host.configPath);
    await host.start();
    return running;
  }

  it('exits 0 with one JSON document when every component is ready and the SIP port opens', async () => {
    const host = await startHost({ application: 'HEALTHY' });
    const { code, stdout } = await checkAtStart(host);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as TCheckResult;
    expect(result.status).toBe('RUNNING');
    expect(result.components.every((c) => c.state === 'ready')).toBe(true);
    expect(result.portCheck).toMatchObject({ state: 'passed', port: host.sipPort });
  });

  it('exits 3 and names the process holding the SIP port', async () => {
    const host = await startHost({ application: 'PORTHELD', holdSipPort: true });
    const { code, stdout } = await checkAtStart(host);
    expect(code).toBe(3);
    const result = JSON.parse(stdout) as TCheckResult;
    expect(result.status).toBe('SERVICE_UNAVAILABLE');
    expect(result.portCheck.state).toBe('failed');
    expect(result.portCheck.reason).toContain(`in use by pid ${host.portHolderPid}`);
  });

  it('exits 3 after the timeout and names the component that never initialized', async () => {
    const host = await startHost({
      application: 'NEVERREADY',
      componentDelaysMs: { ...SOON, 'interaction-proxy': null },
    });
    const { code, stdout } = await checkAtStart(host);
    expect(code).toBe(3);
    const result = JSON.parse(stdout) as TCheckResult;
    // The check ends at the timeout, not later.
    expect(result.durationMs).toBeGreaterThanOrEqual(15_000);
    expect(result.durationMs).toBeLessThan(16_000);
    expect(result.components.find((c) => c.name === 'interaction-proxy')?.state).toBe('timeout');
    expect(result.reasons.join(' ')).toContain('Interaction Proxy');
  });

  it('skips the port check for IP Address Takeover and says why', async () => {
    const host = await startHost({
      application: 'VIP',
      options: { 'backup-init-check': 'true', 'control-vip-scripts': 'true' },
      holdSipPort: true,
    });
    const { code, stdout } = await checkAtStart(host);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as TCheckResult;
    expect(result.portCheck.state).toBe('skipped');
    expect(result.portCheck.reason).toMatch(/takeover/i);
  });

  it('uses the default for an invalid option value and reports it as a finding', async () => {
    const host = await startHost({
      application: 'BADVALUE',
      options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '5' },
    });
    const { code, stdout } = await checkAtStart(host);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as TCheckResult;
    expect(result.timeoutSec).toBe(60);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ code: 'invalid-option-value', option: 'backup-init-check-timeout' }),
    );
  });

  it('exits 2 naming the file and the key for a bad config', async () => {
    const configPath = path.join(dir, 'bad.yaml');
    await writeFile(
      configPath,
      'sipServer:\n  application: X\n  version: 8.1.103.64\n  mode: standby\n  optionsFile: x.ini\n',
    );
    const { code, stdout, stderr } = await runCheck(configPath);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(configPath);
    expect(stderr).toContain('sipServer.mode');
  });

  it('exits 2 naming the options file when it is missing', async () => {
    const host = await startHost({ application: 'NOOPTIONS' });
    await rm(host.optionsPath);
    const { code, stderr } = await checkAtStart(host);
    expect(code).toBe(2);
    expect(stderr).toContain(host.optionsPath);
  });

  it('checks without a token file (no dashboard needed), while the daemon refuses to start without one', async () => {
    const host = await startHost({ application: 'NOTOKEN' });
    const config = `${await readFile(host.configPath, 'utf8')}dashboard:\n  url: http://127.0.0.1:9\n`;
    await writeFile(host.configPath, config);
    expect((await checkAtStart(host)).code).toBe(0);
    const daemon = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        'pnpm',
        ['--silent', 'agent', 'run', '--config', host.configPath],
        { cwd: ROOT, timeout: 60_000 },
        (error, _out, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
      );
    });
    expect(daemon.code).toBe(2);
    expect(daemon.stderr).toContain('dashboard.tokenFile');
  });

  it('the bundle shipped to hosts (node dist/standby-agent.mjs) gives the same verdict as the source', async () => {
    const built = await new Promise<number>((resolve) =>
      execFile('pnpm', ['--filter', '@standby/agent', 'run', 'build'], { cwd: ROOT }, (error) =>
        resolve(error ? Number(error.code ?? 1) : 0),
      ),
    );
    expect(built).toBe(0);
    const host = await startHost({ application: 'BUNDLED' });
    const running = new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          path.join(ROOT, 'apps/agent/dist/standby-agent.mjs'),
          'check',
          '--config',
          host.configPath,
          '--json',
        ],
        { cwd: ROOT, timeout: 60_000 },
        (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
      ),
    );
    await host.start();
    const { code, stdout } = await running;
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as TCheckResult;
    expect(result.status).toBe('RUNNING');
    expect(result.portCheck.state).toBe('passed');
  });
});
