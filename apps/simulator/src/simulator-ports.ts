import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { findFreePort } from '@standby/db/free-port';

/**
 * Ports for simulated hosts. They are written into the agent's config before anything listens on
 * them, and a stopped simulated server leaves them free until it starts again, so they must not be
 * ports anyone else takes meanwhile. A port the kernel handed out (`listen(0)`) is in its ephemeral
 * range, which is also where every outgoing connection (an agent's, PostgreSQL's clients', a probe's)
 * takes its local port: such a port was seen taken between the pick and the listen (EADDRINUSE).
 * So the simulator picks its ports *outside* the ephemeral range, at random, checks each candidate is
 * free (TCP, and UDP for a SIP port), and tries another candidate when it is not (bounded).
 */

/** The kernel's ephemeral port range (Linux: /proc; elsewhere the IANA dynamic range). */
export function ephemeralPortRange(): [number, number] {
  if (os.platform() === 'linux') {
    try {
      const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
        .trim()
        .split(/\s+/)
        .map(Number);
      if (low && high && low <= high) return [low, high];
    } catch {
      // not readable: the usual default below
    }
    return [32_768, 60_999];
  }
  return [49_152, 65_535];
}

const LOWEST = 10_000;
const MIN_RANGE = 1_000;

/** Where the simulator picks from: below (or else above) the ephemeral range; undefined when neither fits. */
export function simulatorPortRange(ephemeral = ephemeralPortRange()): [number, number] | undefined {
  const [low, high] = ephemeral;
  if (low - 1 - LOWEST >= MIN_RANGE) return [LOWEST, low - 1];
  if (65_535 - (high + 1) >= MIN_RANGE) return [high + 1, 65_535];
  return undefined;
}

export interface PickPortOptions {
  /** Free for UDP too (a SIP port: the agent's port check and a port holder bind both). */
  udp?: boolean;
  /** Where candidates come from (tests make the first one busy); default: at random in simulatorPortRange(). */
  candidates?: () => number | Promise<number>;
  /** Candidates tried before giving up (default 50). */
  attempts?: number;
}

/** Ports handed to simulated hosts of this process and not released: never handed out twice. */
const handedOut = new Set<number>();

/** A free port for a simulated host, outside the ephemeral range; another candidate when one is taken. */
export async function pickPort(options: PickPortOptions = {}): Promise<number> {
  const attempts = options.attempts ?? 50;
  const range = simulatorPortRange();
  const next = options.candidates ?? (range ? () => randomInt(range[0], range[1] + 1) : () => findFreePort());
  const busy: number[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = await next();
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the (async) check: a concurrent pick must not get it too
    if (await isFree(port, options.udp ?? false)) return port;
    handedOut.delete(port);
    busy.push(port);
  }
  throw new Error(
    `no free port for a simulated host after ${attempts} candidates (busy: ${busy.join(', ')})`,
  );
}

/** The port may be handed out again (its simulated host is gone). */
export function releasePort(port: number): void {
  handedOut.delete(port);
}

/** Free now on loopback for TCP (and UDP on every address when asked). */
export async function isFree(port: number, udp: boolean): Promise<boolean> {
  const tcp = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!tcp || !udp) return tcp;
  return new Promise<boolean>((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      try {
        socket.close();
      } catch {
        // never bound
      }
      resolve(false);
    });
    socket.bind({ port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/**
 * Listens on a port picked earlier. Another process may hold it for a moment (a server still
 * closing, another simulator's check that it is free): try again a few times, then give up with
 * the last error (EADDRINUSE). Once `signal` aborts (the simulated server stopped meanwhile) it
 * stops trying, and closes a listener it opened too late.
 */
export async function listenWithRetry(
  server: net.Server,
  port: number,
  options: { attempts?: number; delayMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const attempts = options.attempts ?? 20;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) return;
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const onError = (e: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        resolve(e);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve(undefined);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, '127.0.0.1');
    });
    if (!error) {
      if (options.signal?.aborted) await new Promise((resolve) => server.close(resolve));
      return;
    }
    if (error.code !== 'EADDRINUSE' || attempt >= attempts) throw error;
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 250));
  }
}
