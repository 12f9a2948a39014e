import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, type RunningTsxProcess } from './tsx-process';

export const AGENT_BUNDLE = path.join(REPO_ROOT, 'apps/agent/dist/standby-agent.mjs');

/** Builds the agent as shipped to hosts: one bundled file run by plain Node (`pnpm --filter @standby/agent build`). */
export function buildAgentBundle(): void {
  const built = spawnSync('pnpm', ['--filter', '@standby/agent', 'run', 'build'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`agent build failed:\n${built.stdout}${built.stderr}`);
}

/** `node dist/standby-agent.mjs <args>`: one process, so launcher and agent are the same pid. */
export function startBundledAgent(args: string[]): RunningTsxProcess {
  const child = spawn(process.execPath, [AGENT_BUNDLE, ...args], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').trimEnd().split('\n'));
    lines.splice(0, Math.max(0, lines.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid!;
  return {
    launcherPid: pid,
    pid,
    output: () => lines.join('\n'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
