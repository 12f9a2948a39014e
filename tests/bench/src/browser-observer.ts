import type { THostSummary } from '@standby/protocol';
import { io, type Socket } from 'socket.io-client';

/** One host as a delta showed it: when it arrived, and the run it reflected. */
export interface TSighting {
  receivedAtMs: number;
  lastCheckAtMs: number;
}

/**
 * A signed-in browser's live connection (`/live`), recording when each host's new `lastCheckAt`
 * first arrives in a `fleet:delta`.
 */
export class BrowserObserver {
  readonly sightings = new Map<string, TSighting[]>();
  deltas = 0;
  hostsInDeltas = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('fleet:delta', (delta: { hosts: THostSummary[] }) => {
      const receivedAtMs = Date.now();
      this.deltas++;
      this.hostsInDeltas += delta.hosts.length;
      for (const host of delta.hosts) {
        if (!host.lastCheckAt) continue;
        const lastCheckAtMs = Date.parse(host.lastCheckAt);
        const seen = this.sightings.get(host.id) ?? [];
        if (seen.length === 0) this.sightings.set(host.id, seen);
        if ((seen[seen.length - 1]?.lastCheckAtMs ?? -1) < lastCheckAtMs)
          seen.push({ receivedAtMs, lastCheckAtMs });
      }
    });
  }

  static connect(dashboardUrl: string, cookie: string): Promise<BrowserObserver> {
    return new Promise((resolve, reject) => {
      const socket = io(new URL('/live', dashboardUrl).toString(), {
        transports: ['websocket'],
        extraHeaders: { cookie },
        forceNew: true,
        reconnection: false,
      });
      socket.once('connect', () => resolve(new BrowserObserver(socket)));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(new Error(`browser connection refused: ${error.message}`));
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}
