import { spawn } from 'node:child_process';
import type { ProbeKind } from './probe';

const COMMAND_TIMEOUT_MS = 5_000;

/** Ready when the shell command exits 0. */
export const commandProbe: ProbeKind<{ command: string }> = {
  async start({ command }) {
    return {
      read: () =>
        new Promise((resolve) => {
          const child = spawn('/bin/sh', ['-c', command], { stdio: 'ignore', timeout: COMMAND_TIMEOUT_MS });
          child.once('error', (error) => resolve({ ready: false, detail: `${command}: ${error.message}` }));
          child.once('exit', (code, signal) =>
            resolve(
              code === 0
                ? { ready: true, detail: `${command} exited 0` }
                : { ready: false, detail: `${command} exited ${code ?? signal}` },
            ),
          );
        }),
      close: async () => {},
    };
  },
};
