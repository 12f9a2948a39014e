import { readFile } from 'node:fs/promises';

const LISTEN = '0A';

/**
 * Which socket listens on a local TCP port now, from /proc/net/tcp and tcp6: the inodes of its
 * LISTEN rows (state 0A). A SIP Server start opens a new listening socket, so a new inode is a new
 * start even when the pid stays (the simulator runs many servers in one process). Undefined when
 * nothing listens.
 */
export async function readListenerIdentity(port: number): Promise<string | undefined> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const inode of listeningInodes(text, port)) inodes.add(inode);
  }
  if (inodes.size === 0) return undefined;
  return `tcp:${port}#${[...inodes].sort().join('+')}`;
}

/** The LISTEN rows of one /proc/net/tcp* table for a port. */
export function listeningInodes(table: string, port: number): string[] {
  const found: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const state = fields[3];
    const inode = fields[9];
    if (!local || state !== LISTEN || !inode || inode === '0') continue;
    if (Number.parseInt(local.split(':')[1] ?? '', 16) === port) found.push(inode);
  }
  return found;
}
