import { type ChildProcess, spawn } from 'node:child_process';
import type net from 'node:net';

// Runs in its own small Node process. Its stdin is a pipe whose only writer is the process that
// started PostgreSQL: end of input means that process is gone (even by SIGKILL), and the postmaster
// is then stopped (SIGINT: PostgreSQL's fast shutdown). Terminal signals are ignored: a Ctrl-C is its
// parent's to handle, and the parent stops PostgreSQL itself on the way out.
const WATCHDOG_SOURCE = `
const pid = Number(process.argv[1]);
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
const isPostgres = () => {
  try { return require('node:fs').readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('postgres'); }
  catch { return alive(); }
};
const stop = () => {
  if (alive() && isPostgres()) { try { process.kill(pid, 'SIGINT'); } catch {} }
  setInterval(() => { if (!alive()) process.exit(0); }, 100);
  setTimeout(() => { try { process.kill(pid, 'SIGQUIT'); } catch {} process.exit(0); }, 30000);
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
`;

export interface PostmasterWatchdog {
  /** The postmaster was stopped on purpose: the watchdog exits (it finds nothing left to stop). */
  release(): void;
  pid: number | undefined;
}

/** Starts the watchdog of `postmasterPid`; it does not keep this process alive. */
export function watchPostmaster(postmasterPid: number): PostmasterWatchdog {
  const child: ChildProcess = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(postmasterPid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    // No loaders or inspector flags of ours: a bare Node process.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  child.on('error', () => {}); // no watchdog (Node vanished?) must never crash the dashboard
  child.stdin?.on('error', () => {});
  child.unref();
  (child.stdin as unknown as net.Socket | null)?.unref();
  return {
    pid: child.pid,
    release: () => child.stdin?.end(),
  };
}
