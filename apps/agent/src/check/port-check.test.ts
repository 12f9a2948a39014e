import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSipPort } from './port-check';

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the SIP port check opens each configured transport (`port-opened-then-closed`)', () => {
  const held: dgram.Socket[] = [];
  afterEach(() => {
    for (const socket of held.splice(0)) socket.close();
  });

  async function holdUdp(port: number): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4' });
    await new Promise<void>((resolve) =>
      socket.bind({ port, address: '127.0.0.1', exclusive: true }, resolve),
    );
    held.push(socket);
  }

  it('passes on a free port and leaves it free afterwards (closed at once)', async () => {
    const port = await freePort();
    expect(await checkSipPort(port, '127.0.0.1')).toEqual({ ok: true, reason: null });
    expect(await checkSipPort(port, '127.0.0.1')).toEqual({ ok: true, reason: null });
  });

  it('fails, naming the transport, when UDP is taken and UDP is served', async () => {
    const port = await freePort();
    await holdUdp(port);
    const outcome = await checkSipPort(port, '127.0.0.1', ['udp', 'tcp']);
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toContain(`UDP 127.0.0.1:${port}`);
  });

  it('ignores a transport the port does not serve', async () => {
    const port = await freePort();
    await holdUdp(port);
    expect(await checkSipPort(port, '127.0.0.1', ['tcp'])).toEqual({ ok: true, reason: null });
  });
});
