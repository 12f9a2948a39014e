import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * Names the process holding a local port, from /proc (Linux). Sockets of other users' processes
 * are only visible to root; then it returns undefined and the reason says so.
 */
export async function findPortHolder(port: number, transport: 'tcp' | 'udp'): Promise<string | undefined> {
  const inodes = new Set<string>();
  for (const table of [`/proc/net/${transport}`, `/proc/net/${transport}6`]) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      const inode = fields[9];
      if (!local || !inode || inode === '0') continue;
      if (Number.parseInt(local.split(':')[1] ?? '', 16) === port) inodes.add(inode);
    }
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?')).trim();
        return `pid ${pid} (${name})`;
      }
    }
  }
  return undefined;
}
