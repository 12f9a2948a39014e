import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { listeningInodes, readListenerIdentity } from './listener-identity';
import { watchSipServerStarts } from './start-watcher';

const listen = (port = 0): Promise<net.Server> =>
  new Promise((resolve) => {
    const server = net.createServer((s) => s.end());
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('listener identity (from /proc/net/tcp)', () => {
  it('reads LISTEN rows of a port only', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1',
      '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 222 1',
      '   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 333 1',
    ].join('\n');
    expect(listeningInodes(table, 0x1f90)).toEqual(['111']);
  });

  it('a new listening socket on the same port is a new identity; none listening is undefined', async () => {
    const first = await listen();
    const port = portOf(first);
    const before = await readListenerIdentity(port);
    expect(before).toMatch(new RegExp(`^tcp:${port}#\\d+`));
    await close(first);
    expect(await readListenerIdentity(port)).toBeUndefined();
    const second = await listen(port);
    const after = await readListenerIdentity(port);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    await close(second);
  });

  it('the start watcher reports a restart in the same process as a start, not the listener already up', async () => {
    const first = await listen();
    const port = portOf(first);
    const starts: string[] = [];
    const watcher = watchSipServerStarts({ listenPort: port }, (instance) => starts.push(instance), 50);
    const ready = await watcher.ready;
    expect(ready.runningAtStart).toBe(true);
    expect(ready.instance).toBe(await readListenerIdentity(port));
    await close(first);
    const second = await listen(port);
    const deadline = Date.now() + 3_000;
    while (starts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(starts).toEqual([await readListenerIdentity(port)]);
    watcher.stop();
    await close(second);
  });
});
