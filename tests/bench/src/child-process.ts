import { type ChildProcess, fork } from 'node:child_process';

const TSX_LOADER = import.meta.resolve('tsx');

export interface TChildMessage {
  type: string;
}

/**
 * Forks a TypeScript entry under tsx with an IPC channel. Detached (its own process group): Ctrl-C
 * reaches only the bench, which then stops its children in order instead of all dying at once.
 */
export function forkTs(
  modulePath: string,
  args: string[] = [],
  nodeFlags: string[] = [],
  env: Record<string, string> = {},
): ChildProcess {
  return fork(modulePath, args, {
    execArgv: ['--import', TSX_LOADER, ...nodeFlags],
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    env: { ...process.env, ...env },
  });
}

/** The child's next message of this type; rejects if the child exits or reports an error first. */
export function nextMessage<T extends TChildMessage>(
  child: ChildProcess,
  type: string,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: TChildMessage & { message?: string }) => {
      if (message.type === type) {
        done();
        resolve(message as T);
      } else if (message.type === 'error') {
        done();
        reject(new Error(`child ${child.pid}: ${message.message ?? 'failed'}`));
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`child ${child.pid} exited (${signal ?? code}) before sending "${type}"`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`child ${child.pid}: no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export function send(child: ChildProcess, message: TChildMessage & Record<string, unknown>): void {
  if (child.connected) child.send(message);
}

/** Asks the child to stop (it cleans up after itself), then kills it by pid if it has not exited in time. */
export async function stopChild(child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  send(child, { type: 'stop' });
  const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
