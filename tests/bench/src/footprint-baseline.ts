import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readMemory } from './proc-stats';
import { startTsxProcess } from './tsx-process';

const SETTLE_MS = 3_000;
const IDLE_SCRIPT = 'setInterval(() => {}, 1_000);\n';

/** RSS in MB of a process that does nothing, started as `tsx idle.ts` (the tsx loader's own cost). */
export async function measureIdleTsxRss(dir: string): Promise<number> {
  const script = path.join(dir, 'idle.ts');
  await writeFile(script, IDLE_SCRIPT);
  const idle = await startTsxProcess(script, []);
  try {
    await sleep(SETTLE_MS);
    return (readMemory(idle.pid)?.rssKb ?? Number.NaN) / 1024;
  } finally {
    await idle.stop();
  }
}

/** RSS in MB of plain `node -e` doing nothing: the floor of any Node.js process. */
export async function measureIdleNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', IDLE_SCRIPT], { stdio: 'ignore', detached: true });
  try {
    await sleep(SETTLE_MS);
    return (readMemory(child.pid!)?.rssKb ?? Number.NaN) / 1024;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
