import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { UTC_SESSION } from '@standby/db';
import pg from 'pg';
import type { CommandBus, HostChange } from '../trpc';

const COMMANDS_CHANNEL = 'standby_commands';
const REVOCATIONS_CHANNEL = 'standby_revocations';
const HOSTS_CHANNEL = 'standby_hosts';
/** An agent's hello was stored through a new connection: other nodes close its older sockets. */
const TAKEOVERS_CHANNEL = 'standby_agent_takeovers';
const EVERYONE_COALESCE_MS = 100;
/** Passed to `onRevoked` listeners when revocations may have been missed: re-check every agent. */
export const ALL_AGENTS = '*';
/** pg_notify payloads must stay under 8,000 bytes: host ids go in chunks. */
const IDS_PER_NOTIFY = 200;

/**
 * Wakes agent subscriptions on every dashboard node through Postgres LISTEN/NOTIFY, so a change
 * made on one node reaches an agent connected to another. The command rows themselves are the
 * source of truth: a missed wake-up only delays delivery until the subscription's next poll.
 */
export class PgCommandBus implements CommandBus {
  private readonly events = new EventEmitter();
  private listener: pg.Client | undefined;
  private closed = false;
  private readonly pendingForEveryone = new Map<string, HostChange>();
  private everyoneTimer: NodeJS.Timeout | undefined;
  /** Marks this node's own host-change messages, which its live view has already emitted. */
  private readonly nodeTag = randomUUID();

  private constructor(
    private readonly databaseUrl: string,
    private readonly log: (line: string) => void,
  ) {
    this.events.setMaxListeners(0);
  }

  static async start(databaseUrl: string, log: (line: string) => void = () => {}): Promise<PgCommandBus> {
    const bus = new PgCommandBus(databaseUrl, log);
    await bus.connect();
    return bus;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, options: UTC_SESSION });
    client.on('notification', (message) => {
      if (message.channel === HOSTS_CHANNEL) return this.receiveHostChanges(message.payload ?? '');
      if (message.channel === TAKEOVERS_CHANNEL)
        return void this.events.emit('takeover', message.payload ?? '');
      const ids = (message.payload ?? '').split(',').filter(Boolean);
      const event = message.channel === COMMANDS_CHANNEL ? 'command' : 'revoked';
      for (const id of ids) {
        this.events.emit(`${event}:${id}`);
        this.events.emit(event, id);
      }
    });
    client.on('error', (error) => {
      this.log(`[bus] LISTEN connection lost (${error.message}); reconnecting`);
      void this.reconnect();
    });
    await client.connect();
    await client.query(
      `LISTEN ${COMMANDS_CHANNEL}; LISTEN ${REVOCATIONS_CHANNEL}; LISTEN ${HOSTS_CHANNEL}; LISTEN ${TAKEOVERS_CHANNEL}`,
    );
    this.listener = client;
  }

  private async reconnect(): Promise<void> {
    const old = this.listener;
    this.listener = undefined;
    await old?.end().catch(() => {});
    while (!this.closed) {
      try {
        await this.connect();
        // Wake everyone: a notification may have been missed while disconnected — a new command,
        // or a revocation ('*': every node re-checks the agents connected to it).
        this.events.emit('wake-all');
        this.events.emit('revoked', ALL_AGENTS);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  /**
   * Listens from the moment it is called, not from when it is awaited: a command stream calls it
   * before reading, so a wake-up that arrives during the read resolves it at once.
   */
  waitForCommand(hostId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off(`command:${hostId}`, done);
        this.events.off('wake-all', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.events.on(`command:${hostId}`, done);
      this.events.on('wake-all', done);
      if (signal?.aborted) done();
      else signal?.addEventListener('abort', done);
    });
  }

  async notifyHosts(hostIds: string[]): Promise<void> {
    await this.notify(COMMANDS_CHANNEL, [...new Set(hostIds)]);
  }

  async notifyRevoked(agentId: string): Promise<void> {
    await this.notify(REVOCATIONS_CHANNEL, [agentId]);
  }

  onRevoked(listener: (agentId: string) => void): () => void {
    this.events.on('revoked', listener);
    return () => this.events.off('revoked', listener);
  }

  /** Tells every node that `agentId` now speaks through another connection (see agent-connections.ts). */
  async notifyAgentTakeover(agentId: string): Promise<void> {
    await this.notify(TAKEOVERS_CHANNEL, [agentId]);
  }

  onAgentTakeover(listener: (agentId: string) => void): () => void {
    this.events.on('takeover', listener);
    return () => this.events.off('takeover', listener);
  }

  /** Payload: `<origin tag or *> <id>[*],…` where `*` after an id means a check is running, `?` unknown. */
  async publishHostChanges(changes: HostChange[], origin: 'this-node-emitted' | 'everyone'): Promise<void> {
    if (origin === 'everyone') {
      // From the API (acks, changes): thousands of acks in a rollout become a few messages.
      for (const change of changes) this.pendingForEveryone.set(change.hostId, change);
      this.everyoneTimer ??= setTimeout(() => void this.flushForEveryone(), EVERYONE_COALESCE_MS);
      return;
    }
    await this.notify(HOSTS_CHANNEL, changes.map(encodeHostChange), `${this.nodeTag} `);
  }

  private async flushForEveryone(): Promise<void> {
    this.everyoneTimer = undefined;
    const changes = [...this.pendingForEveryone.values()];
    this.pendingForEveryone.clear();
    await this.notify(HOSTS_CHANNEL, changes.map(encodeHostChange), '* ').catch((error: Error) =>
      this.log(`[bus] host changes not shared: ${error.message}`),
    );
  }

  onHostChanges(listener: (changes: HostChange[]) => void): () => void {
    this.events.on('hosts', listener);
    return () => this.events.off('hosts', listener);
  }

  private receiveHostChanges(payload: string): void {
    const [origin, list = ''] = payload.split(' ', 2);
    if (origin === this.nodeTag) return;
    const changes = list
      .split(',')
      .filter(Boolean)
      .map((item): HostChange => {
        const flag = item.at(-1);
        if (flag === '*') return { hostId: item.slice(0, -1), running: true };
        if (flag === '?') return { hostId: item.slice(0, -1), running: null };
        return { hostId: item, running: false };
      });
    if (changes.length > 0) this.events.emit('hosts', changes);
  }

  /**
   * Never throws: it runs after the change it announces has committed, so failing the request
   * would invite a retry that duplicates it. A lost wake-up is covered by the streams' periodic
   * re-read and, after the bus reconnects, by the everyone-re-checks signal.
   */
  private async notify(channel: string, ids: string[], prefix = ''): Promise<void> {
    const client = this.listener;
    if (!client) {
      this.log(`[bus] not connected: ${channel} notification for ${ids.length} id(s) dropped`);
      return;
    }
    try {
      for (let index = 0; index < ids.length; index += IDS_PER_NOTIFY) {
        const payload = prefix + ids.slice(index, index + IDS_PER_NOTIFY).join(',');
        await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
      }
    } catch (error) {
      this.log(`[bus] ${channel} notification failed: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.everyoneTimer);
    this.events.emit('wake-all');
    await this.listener?.end().catch(() => {});
  }
}

const encodeHostChange = ({ hostId, running }: HostChange): string =>
  `${hostId}${running === null ? '?' : running ? '*' : ''}`;
