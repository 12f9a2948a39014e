import { type CommandBus, type DashboardMetrics, type HostChange, readLiveHostSummaries } from '@standby/api';
import type { PgPool } from '@standby/db';
import {
  type BrowserToServerEvents,
  FailureStreak,
  hostRoom,
  LIVE_FLEET_ROOM,
  MAX_WATCHED_HOSTS,
  type ServerToBrowserEvents,
} from '@standby/protocol';
import { processLogger } from '@standby/telemetry';
import type { Namespace } from 'socket.io';
import { guardListener } from './guard-listener';

export type LiveNamespace = Namespace<BrowserToServerEvents, ServerToBrowserEvents>;

/** Longest wait between two attempts while deltas keep failing. */
const MAX_RETRY_MS = 5_000;

/**
 * Coalesces host changes into one compact delta per interval: a burst of thousands of results
 * becomes a few messages per second, each carrying the latest state of every changed host.
 */
export class LiveFleetPublisher {
  /** Host → when its change was first marked (the fan-out delay is measured from there). */
  private readonly changed = new Map<string, number>();
  /** Changed by this node's agents: the other nodes hear of them after each flush. */
  private readonly toShare = new Set<string>();
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Failed flushes in a row (database down): one log line when they start, one when they end. */
  private readonly failures = new FailureStreak((line) => processLogger().error(line));
  private failedFlushes = 0;

  constructor(
    private readonly nsp: LiveNamespace,
    private readonly pool: PgPool,
    private readonly bus: CommandBus,
    private readonly intervalMs = 100,
    private readonly metrics?: DashboardMetrics,
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

  private schedule(hostId: string, markedAt = Date.now()): void {
    if (this.closed) return; // late disconnect handlers during shutdown
    if (!this.changed.has(hostId)) this.changed.set(hostId, markedAt);
    // While the database is failing, retries back off (up to a few seconds) instead of every interval.
    const delay =
      this.failedFlushes > 0
        ? Math.min(MAX_RETRY_MS, this.intervalMs * 2 ** Math.min(this.failedFlushes, 10))
        : this.intervalMs;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      // flush() handles its own failures; the catch keeps anything unforeseen from escaping the timer.
      this.flushing = this.flushing.then(() => this.flush()).catch(() => undefined);
    }, delay);
  }

  private async flush(): Promise<void> {
    const marked = new Map(this.changed);
    const ids = [...marked.keys()];
    this.changed.clear();
    if (ids.length === 0) return;
    try {
      const hosts = await readLiveHostSummaries(this.pool, ids);
      this.nsp.to(LIVE_FLEET_ROOM).emit('fleet:delta', { hosts });
      for (const summary of hosts)
        this.nsp.to(hostRoom(summary.id)).emit('host:changed', { hostId: summary.id, summary });
      const emittedAt = Date.now();
      for (const at of marked.values()) this.metrics?.liveEmitted(emittedAt - at);
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
      for (const [id, at] of marked) this.schedule(id, at);
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
    settle(socket.join(LIVE_FLEET_ROOM));
    // A browser's frames never throw past these handlers (guardListener): a crash would end every session.
    const ignore = () => {};
    socket.on(
      'watch:host',
      guardListener(
        'watch:host',
        (hostId: unknown) => {
          if (typeof hostId !== 'string' || !UUID.test(hostId)) return;
          // Bounded: a browser cannot make the server track unlimited rooms for it.
          const watched = [...socket.rooms].filter((room) => room.startsWith('host:'));
          if (watched.length >= MAX_WATCHED_HOSTS) settle(socket.leave(watched[0]!));
          settle(socket.join(hostRoom(hostId)));
        },
        ignore,
      ),
    );
    socket.on(
      'unwatch:host',
      guardListener(
        'unwatch:host',
        (hostId: unknown) => {
          if (typeof hostId === 'string') settle(socket.leave(hostRoom(hostId)));
        },
        ignore,
      ),
    );
  });
}

/** Room joins and leaves may return a promise (cluster adapters): a failure there must not escape. */
function settle(pending: Promise<void> | void): void {
  if (pending) pending.catch(() => undefined);
}
