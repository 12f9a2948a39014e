import { type CommandBus, type HostChange, readLiveHostSummaries } from '@standby/api';
import type { PgPool } from '@standby/db';
import {
  type BrowserToServerEvents,
  FailureStreak,
  hostRoom,
  LIVE_FLEET_ROOM,
  MAX_WATCHED_HOSTS,
  type ServerToBrowserEvents,
} from '@standby/protocol';
import type { Namespace } from 'socket.io';

export type LiveNamespace = Namespace<BrowserToServerEvents, ServerToBrowserEvents>;

/** Longest wait between two attempts while deltas keep failing. */
const MAX_RETRY_MS = 5_000;

/**
 * Coalesces host changes into one compact delta per interval: a burst of thousands of results
 * becomes a few messages per second, each carrying the latest state of every changed host.
 */
export class LiveFleetPublisher {
  private readonly changed = new Set<string>();
  /** Changed by this node's agents: the other nodes hear of them after each flush. */
  private readonly toShare = new Set<string>();
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Failed flushes in a row (database down): one log line when they start, one when they end. */
  private readonly failures = new FailureStreak((line) => console.error(line));
  private failedFlushes = 0;

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly pool: PgPool,
    private readonly bus: CommandBus,
    private readonly intervalMs = 100,
  ) {
    this.stopListening = bus.onHostChanges((changes) => this.markChangedElsewhere(changes));
  }

  private readonly stopListening: () => void;

  /** A change seen by this node (its agents): emitted here, then shared with the other nodes. */
  markChanged(hostId: string): void {
    this.toShare.add(hostId);
    this.schedule(hostId);
  }

  /** A change another node (or the API) reported: the row holds the truth (checks in progress too). */
  private markChangedElsewhere(changes: HostChange[]): void {
    for (const { hostId } of changes) this.schedule(hostId);
  }

  private schedule(hostId: string): void {
    if (this.closed) return; // late disconnect handlers during shutdown
    this.changed.add(hostId);
    // While the database is failing, retries back off (up to a few seconds) instead of every interval.
    const delay =
      this.failedFlushes > 0
        ? Math.min(MAX_RETRY_MS, this.intervalMs * 2 ** Math.min(this.failedFlushes, 10))
        : this.intervalMs;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  private async flush(): Promise<void> {
    const ids = [...this.changed];
    this.changed.clear();
    if (ids.length === 0) return;
    try {
      const hosts = await readLiveHostSummaries(this.pool, ids);
      this.nsp.to(LIVE_FLEET_ROOM).emit('fleet:delta', { hosts });
      for (const summary of hosts)
        this.nsp.to(hostRoom(summary.id)).emit('host:changed', { hostId: summary.id, summary });
      const shared = ids.filter((id) => this.toShare.delete(id));
      if (shared.length > 0) {
        const changes = shared.map((hostId) => ({ hostId, running: null }));
        await this.bus.publishHostChanges(changes, 'this-node-emitted');
      }
      this.failedFlushes = 0;
      this.failures.recover('[live] deltas flowing again');
    } catch (error) {
      // A failed read (database restarting) must not lose the change: try again (those still to
      // share with the other nodes stay in toShare). Logged once per outage, not once per delta.
      this.failedFlushes++;
      this.failures.fail(
        `[live] delta failed: ${error instanceof Error ? error.message : String(error)} — retrying quietly until it works`,
      );
      for (const id of ids) this.schedule(id);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    clearTimeout(this.timer);
    await this.flushing;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerLiveHandlers(nsp: LiveNamespace): void {
  nsp.on('connection', (socket) => {
    void socket.join(LIVE_FLEET_ROOM);
    socket.on('watch:host', (hostId) => {
      if (typeof hostId !== 'string' || !UUID.test(hostId)) return;
      // Bounded: a browser cannot make the server track unlimited rooms for it.
      const watched = [...socket.rooms].filter((room) => room.startsWith('host:'));
      if (watched.length >= MAX_WATCHED_HOSTS) void socket.leave(watched[0]!);
      void socket.join(hostRoom(hostId));
    });
    socket.on('unwatch:host', (hostId) => {
      if (typeof hostId === 'string') void socket.leave(hostRoom(hostId));
    });
  });
}
