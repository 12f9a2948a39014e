import type { TAck, TAgentHello, TCheckResult, TCheckStarted } from '@standby/protocol';
import { io, type Socket } from 'socket.io-client';

const ACK_TIMEOUT_MS = 15_000;
const MAX_UNACKED = 1_000;

interface PendingResult {
  result: TCheckResult;
  /** Not delivered on its first attempt: the dashboard marks it late. */
  replayed: boolean;
}

/**
 * The agent's socket.io connection to the dashboard. Results stay queued until the dashboard
 * acks them (it acks only after committing), and are resent after a reconnect.
 */
export class DashboardLink {
  private readonly socket: Socket;
  private readonly unacked: PendingResult[] = [];
  private flushing = false;
  private ready = false;
  dropped = 0;

  constructor(
    url: string,
    private readonly describeHost: () => Promise<TAgentHello>,
    private readonly log: (line: string) => void,
  ) {
    this.socket = io(new URL('/agent', url).toString(), {
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket.on('connect', () => void this.greet());
    this.socket.on('disconnect', (reason) => {
      this.ready = false;
      this.log(`dashboard disconnected (${reason})`);
    });
    this.socket.on('connect_error', (error) => this.log(`dashboard unreachable: ${error.message}`));
  }

  get connected(): boolean {
    return this.ready;
  }

  private async greet(): Promise<void> {
    const response: TAck<{ hostId: string }> = await this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('hello', await this.describeHost())
      .catch((error: Error) => ({
        ok: false as const,
        error: { code: 'INTERNAL' as const, message: error.message },
      }));
    if (!response.ok) {
      this.log(`dashboard refused hello: ${response.error.message}`);
      return;
    }
    this.ready = true;
    this.log(`connected to dashboard as host ${response.data.hostId}`);
    await this.flush();
  }

  /** Re-sends hello (the options or mode changed). */
  async refreshHello(): Promise<void> {
    if (this.socket.connected) await this.greet();
  }

  checkStarted(payload: TCheckStarted): void {
    if (this.ready) this.socket.emit('check:started', payload);
  }

  async sendResult(result: TCheckResult): Promise<void> {
    this.unacked.push({ result, replayed: !this.ready });
    if (this.unacked.length > MAX_UNACKED) {
      this.unacked.shift();
      this.dropped++;
      this.log(`result queue full: dropped the oldest result (${this.dropped} dropped so far)`);
    }
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.ready && this.unacked.length > 0) {
        const next = this.unacked[0]!;
        const response: TAck<{ runId: string; stored: boolean }> | undefined = await this.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('check:finished', { result: next.result, replayed: next.replayed })
          .catch(() => undefined);
        if (!response) {
          next.replayed = true;
          break; // timed out or disconnected: resent after reconnect
        }
        this.unacked.shift();
        if (!response.ok)
          this.log(`dashboard refused result ${next.result.runId}: ${response.error.message}`);
      }
    } finally {
      this.flushing = false;
    }
  }

  get pendingResults(): number {
    return this.unacked.length;
  }

  close(): void {
    this.socket.close();
  }
}
