import dgram from 'node:dgram';
import net from 'node:net';
import { findPortHolder } from './port-holder';

export interface PortCheckOutcome {
  ok: boolean;
  reason: string | null;
}

export type SipTransport = 'tcp' | 'udp';

/**
 * The seed's port check: open the SIP port on each transport it serves, process nothing, close
 * at once. `address` empty means all addresses.
 */
export async function checkSipPort(
  port: number,
  address: string,
  transports: readonly SipTransport[] = ['tcp', 'udp'],
): Promise<PortCheckOutcome> {
  for (const transport of transports) {
    const error = await (transport === 'tcp' ? bindTcp(port, address) : bindUdp(port, address));
    if (error) return { ok: false, reason: await explainBindError(error, transport, port, address) };
  }
  return { ok: true, reason: null };
}

function bindTcp(port: number, address: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error) => resolve(error));
    // exclusive: a cluster-shared handle would hide a conflict.
    server.listen({ port, host: address || undefined, exclusive: true }, () =>
      server.close(() => resolve(null)),
    );
  });
}

function bindUdp(port: number, address: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const type = address.includes(':') ? 'udp6' : 'udp4';
    const socket = dgram.createSocket({ type, reuseAddr: false });
    socket.once('error', (error) => {
      socket.close();
      resolve(error);
    });
    // Bound, read nothing, closed at once.
    socket.bind({ port, address: address || undefined, exclusive: true }, () =>
      socket.close(() => resolve(null)),
    );
  });
}

async function explainBindError(
  error: NodeJS.ErrnoException,
  transport: 'tcp' | 'udp',
  port: number,
  address: string,
): Promise<string> {
  const where = `${transport.toUpperCase()} ${address || '*'}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE': {
      const holder = await findPortHolder(port, transport).catch(() => undefined);
      return `${where} is in use${holder ? ` by ${holder}` : ' (holding process not visible to the agent)'}`;
    }
    case 'EADDRNOTAVAIL':
      return `${where}: address ${address} is not on this host`;
    case 'EACCES':
    case 'EPERM':
      return `${where}: permission denied (ports below 1024 need privileges)`;
    default:
      return `${where}: ${error.code ?? ''} ${error.message}`.trim();
  }
}
