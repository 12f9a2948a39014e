import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listDescendants, readCommandLine } from './proc-stats';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const AGENT_CLI = path.join(REPO_ROOT, 'apps/agent/src/cli.ts');

export interface RunningAgentProcess {
  /** The `tsx` launcher, as `pnpm agent run` starts it. */
  launcherPid: number;
  /** The node process that runs the agent (a child of the launcher). */
  agentPid: number;
  /** The last lines the agent printed, to explain a failure. */
  output(): string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts the real agent daemon the way the README does (`tsx apps/agent/src/cli.ts run --config …`),
 * detached so Ctrl-C reaches only the bench, which stops it by pid.
 */
export async function startAgentProcess(configPath: string): Promise<RunningAgentProcess> {
  const launcher = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), [AGENT_CLI, 'run', '--config', configPath], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').trimEnd().split('\n'));
    lines.splice(0, Math.max(0, lines.length - 20));
  };
  launcher.stdout?.on('data', keep);
  launcher.stderr?.on('data', keep);
  const launcherPid = launcher.pid!;

  const stop = async () => {
    if (exited(launcher)) return;
    const gone = new Promise((resolve) => launcher.once('exit', resolve));
    // The agent stops on SIGTERM; tsx then exits with it.
    for (const pid of [agentPid, launcherPid]) {
      try {
        if (pid) process.kill(pid, 'SIGTERM');
        break;
      } catch {}
    }
    const timer = setTimeout(() => {
      for (const pid of [agentPid, launcherPid]) {
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }, 10_000);
    await gone;
    clearTimeout(timer);
  };

  let agentPid = 0;
  const deadline = Date.now() + 30_000;
  while (!agentPid) {
    if (exited(launcher)) throw new Error(`the agent exited at once:\n${lines.join('\n')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the agent process did not appear within 30 s');
    }
    agentPid = listDescendants(launcherPid).find((pid) => readCommandLine(pid).includes(AGENT_CLI)) ?? 0;
    if (!agentPid) await sleep(50);
  }
  return { launcherPid, agentPid, output: () => lines.join('\n'), stop };
}
