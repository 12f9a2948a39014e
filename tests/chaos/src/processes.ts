// The real programs under test, each as its own process group: the agent daemon (`standby-agent run`)
// and the dashboard (`apps/dashboard/src/server/main.ts`), as users run them.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface ChildRun {
  readonly child: ChildProcess;
  /** Every line it printed so far (stdout and stderr). */
  readonly lines: string[];
  readonly exited: Promise<number | null>;
  readonly running: boolean;
  /** Set by whoever stops it on purpose: any other exit is a crash. */
  expectedExit: boolean;
  /** Signals its process group; resolves on exit. */
  signal(signal: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the first line matching `pattern` from line `fromIndex` on (printed already or later). */
  waitForLine(pattern: RegExp, timeoutMs: number, fromIndex?: number): Promise<RegExpExecArray>;
}

/**
 * Runs a TypeScript entry point of the repository in one Node process (`node --import tsx`), in its
 * own process group. Not through the `tsx` command: it runs the program as a child and, when that
 * child is slow to report a SIGTERM (a loaded machine: over 2 × 30 ms), kills it with SIGKILL — a
 * graceful stop under test would become a kill.
 */
export function spawnTs(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; logFile?: string } = {},
): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...options.env },
  });
  const log: WriteStream | undefined = options.logFile
    ? createWriteStream(options.logFile, { flags: 'a' })
    : undefined;
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  let partial = '';
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const watcher of watchers) watcher(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      if (signal) lines.push(`[chaos] killed by ${signal}`);
      if (partial) lines.push(partial);
      log?.end();
      resolve(code);
    }),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const run: ChildRun = {
    child,
    lines,
    exited,
    expectedExit: false,
    get running() {
      return running();
    },
    signal: async (signal) => {
      run.expectedExit = true;
      if (running()) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // exited meanwhile
        }
      }
      return exited;
    },
    waitForLine: (pattern, timeoutMs, fromIndex = 0) =>
      new Promise((resolve, reject) => {
        for (const line of lines.slice(fromIndex)) {
          const match = pattern.exec(line);
          if (match) return resolve(match);
        }
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        const watch = (line: string) => {
          const match = pattern.exec(line);
          if (!match) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(match);
        };
        watchers.add(watch);
        void exited.then(() => {
          if (!watchers.has(watch)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          reject(new Error(`exited before a line matching ${pattern}`));
        });
      }),
  };
  return run;
}

/** The agent daemon for one simulated host. */
export function spawnAgentDaemon(configPath: string, logFile?: string): ChildRun {
  return spawnTs('apps/agent/src/cli.ts', ['run', '--config', configPath], logFile ? { logFile } : {});
}

/** A dashboard node (API, sockets, health; no pages) on `databaseUrl`, listening on `port`. */
export async function startDashboardProcess(options: {
  databaseUrl: string;
  port: number;
  logFile?: string;
  nodeLeaseSec?: number;
}): Promise<ChildRun> {
  const run = spawnTs('apps/dashboard/src/server/main.ts', [], {
    env: {
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      STANDBY_API_ONLY: '1',
      STANDBY_NODE_LEASE_SEC: String(options.nodeLeaseSec ?? 3),
      NODE_ENV: 'production',
    },
    ...(options.logFile ? { logFile: options.logFile } : {}),
  });
  try {
    await run.waitForLine(/listening on /, 120_000);
  } catch (error) {
    await run.signal('SIGKILL');
    throw new Error(
      `the dashboard did not start: ${(error as Error).message}\n${run.lines.slice(-20).join('\n')}`,
    );
  }
  return run;
}

/** The PostgreSQL server of `dataDir` and its backends (postmaster.pid names the server). */
export async function postgresPids(dataDir: string): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', String(postmaster)]);
  return [
    postmaster,
    ...stdout
      .split('\n')
      .map(Number)
      .filter((pid) => pid > 0),
  ];
}

/** Freezes the database (SIGSTOP: every query hangs, nothing is refused) until `thaw()`. */
export async function freezePostgres(dataDir: string): Promise<{ thaw(): void }> {
  const pids = await postgresPids(dataDir);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  let thawed = false;
  return {
    thaw: () => {
      if (thawed) return;
      thawed = true;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // gone meanwhile
        }
      }
    },
  };
}
