import { readdir, readFile } from 'node:fs/promises';

/**
 * A process as the kernel knows it: pid plus start time (clock ticks since boot, field 22 of
 * /proc/PID/stat), so a restarted SIP Server that reuses a pid still counts as a new start.
 */
export async function readProcessIdentity(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // The command name (field 2) may contain spaces and parentheses: split after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTime = fields[19];
  return startTime ? `${pid}@${startTime}` : undefined;
}

export async function findProcessByName(name: string): Promise<string | undefined> {
  const pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry)).map(Number);
  for (const pid of pids.sort((a, b) => a - b)) {
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
    if (comm === name) return readProcessIdentity(pid);
  }
  return undefined;
}

export async function readPidFileIdentity(pidFile: string): Promise<string | undefined> {
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? readProcessIdentity(pid) : undefined;
}
