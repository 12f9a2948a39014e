import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listDescendants, readCommandLine, readProcessTimes } from './proc-stats';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningTsxProcess {
  /** The `tsx` launcher, as `pnpm agent run` starts it. */
  launcherPid: number;
  /** The node process that runs the script (a child of the launcher). */
  pid: number;
  /** The last lines the process printed, to explain a failure. */
  output(): string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Runs a TypeScript file the way the README runs the agent (`tsx <file> …`), detached so Ctrl-C
 * reaches only the bench, which stops it by pid (SIGTERM, then SIGKILL after 10 s).
 */
export async function startTsxProcess(script: string, args: string[]): Promise<RunningTsxProcess> {
  const launcher = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsx'), [script, ...args], {
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
    // The script stops on SIGTERM; tsx then exits with it.
    for (const pid of [childPid, launcherPid]) {
      try {
        if (pid) process.kill(pid, 'SIGTERM');
        break;
      } catch {}
    }
    const timer = setTimeout(() => {
      for (const pid of [childPid, launcherPid]) {
        try {
          if (pid) process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }, 10_000);
    await gone;
    clearTimeout(timer);
  };

  let childPid = 0;
  const deadline = Date.now() + 30_000;
  while (!childPid) {
    if (exited(launcher)) throw new Error(`${script} exited at once:\n${lines.join('\n')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the node process of ${script} did not appear within 30 s`);
    }
    // The launcher's own child running the CLI; a process it forks has the same command line until it execs.
    childPid =
      listDescendants(launcherPid).find(
        (pid) => readProcessTimes(pid)?.ppid === launcherPid && readCommandLine(pid).includes(script),
      ) ?? 0;
    if (!childPid) await sleep(50);
  }
  return { launcherPid, pid: childPid, output: () => lines.join('\n'), stop };
}
