import net from 'node:net';
import { describeError, type ProbeKind } from './probe';

const CONNECT_TIMEOUT_MS = 1_000;

/** Ready when a TCP connection to host:port succeeds. */
export const tcpProbe: ProbeKind<{ tcp: string }> = {
  async start({ tcp }) {
    const separator = tcp.lastIndexOf(':');
    const host = tcp.slice(0, separator).replace(/^\[|\]$/g, '');
    const port = Number(tcp.slice(separator + 1));
    return {
      read: () =>
        new Promise((resolve) => {
          const socket = net.connect({ host, port });
          const done = (ready: boolean, detail: string) => {
            socket.destroy();
            resolve({ ready, detail });
          };
          socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(false, `no answer from ${tcp}`));
          socket.once('connect', () => done(true, `connected to ${tcp}`));
          socket.once('error', (error) => done(false, `${tcp}: ${describeError(error)}`));
        }),
      close: async () => {},
    };
  },
};
