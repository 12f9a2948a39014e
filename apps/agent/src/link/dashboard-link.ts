import type {
  TAck,
  TAgentHello,
  TCheckLateReady,
  TCheckResult,
  TCheckStarted,
  TComponentProgress,
} from '@standby/protocol';
import { io, type Socket } from 'socket.io-client';
import { type HostIdentity, obtainAgentCredential } from './agent-credential';
import { createAgentTrpcClient } from './agent-trpc-client';
import { CommandChannel } from './command-channel';
import { CommandLedger } from './command-ledger';
import { ResultSpool } from './result-spool';

const ACK_TIMEOUT_MS = 15_000;
const ENROLL_RETRY_MS = 5_000;
/** A result delivered this long after it finished is marked late whatever the reason. */
const LATE_AFTER_MS = 60_000;
/** Late-readiness reports waiting for a connection, kept in memory (oldest dropped beyond this). */
const MAX_PENDING_LATE = 50;

export interface DashboardLinkOptions {
  url: string;
  tokenFile: string;
  stateDir: string;
  host: HostIdentity;
  describeHost: () => Promise<TAgentHello>;
  optionsFile: string;
  runCheck: () => Promise<unknown>;
  /** The agent rewrote the options file on a command (see CommandHandlers.optionsWritten). */
  optionsWritten?: () => Promise<void>;
  log: (line: string) => void;
}

/**
 * The agent's connection to the dashboard: results over socket.io, kept in an on-disk spool until
 * the dashboard acks them (it acks only after committing) and replayed after a reconnect or a
 * restart; commands over a tRPC subscription. Authenticates with the agent's own credential.
 */
export class DashboardLink {
  private socket: Socket | undefined;
  private commands: CommandChannel | undefined;
  private readonly spool: Promise<ResultSpool>;
  private flushing = false;
  private ready = false;
  private everConnected = false;
  private closed = false;
  private pendingLate: TCheckLateReady[] = [];
  private flushingLate = false;

  constructor(private readonly options: DashboardLinkOptions) {
    this.spool = ResultSpool.open(`${options.stateDir}/spool`, { log: options.log });
    // A spool that cannot open leaves results in memory only; say so once rather than crash the check.
    this.spool.catch((error: Error) => options.log(`result spool unavailable: ${error.message}`));
    void this.connect().catch((error: Error) => options.log(`dashboard link stopped: ${error.message}`));
  }

  private async connect(): Promise<void> {
    const { url, tokenFile, host, log } = this.options;
    let credential: string | undefined;
    while (!this.closed && !credential) {
      try {
        const obtained = await obtainAgentCredential(url, tokenFile, host, log);
        if (obtained.enrolledNow) await CommandLedger.reset(this.options.stateDir);
        credential = obtained.credential;
      } catch (error) {
        log(`enrollment with the dashboard failed: ${(error as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, ENROLL_RETRY_MS));
      }
    }
    if (this.closed || !credential) return;
    const socket = io(new URL('/agent', url).toString(), {
      transports: ['websocket'],
      auth: { token: credential },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    socket.on('connect', () => void this.greet());
    socket.on('disconnect', (reason) => {
      this.ready = false;
      log(`dashboard disconnected (${reason})`);
    });
    socket.on('connect_error', (error) => log(`dashboard unreachable or refused: ${error.message}`));
    socket.on('server:error', (error) => log(`dashboard: ${error.code}: ${error.message}`));

    const ledger = await CommandLedger.open(this.options.stateDir);
    if (this.closed) return;
    this.commands = new CommandChannel(createAgentTrpcClient(url, credential), ledger, {
      optionsFile: this.options.optionsFile,
      runCheck: this.options.runCheck,
      ...(this.options.optionsWritten ? { optionsWritten: this.options.optionsWritten } : {}),
      log,
    });
    this.commands.start();
  }

  get connected(): boolean {
    return this.ready;
  }

  private async greet(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const response: TAck<{ hostId: string }> = await socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('hello', await this.options.describeHost())
      .catch((error: Error) => ({
        ok: false as const,
        error: { code: 'INTERNAL' as const, message: error.message },
      }));
    if (!response.ok) {
      this.options.log(`dashboard refused hello: ${response.error.message}`);
      return;
    }
    this.ready = true;
    this.everConnected = true;
    this.options.log(`connected to dashboard as host ${response.data.hostId}`);
    await this.flush();
    await this.flushLate();
  }

  /** Re-sends hello (the options or mode changed). */
  async refreshHello(): Promise<void> {
    if (this.socket?.connected) await this.greet();
  }

  checkStarted(payload: TCheckStarted): void {
    if (this.ready) this.socket?.emit('check:started', payload);
  }

  /** A component turned ready (or timed out) during a check: the dashboard shows it live. Not kept when offline. */
  checkProgress(payload: TComponentProgress): void {
    if (this.ready) this.socket?.emit('check:progress', payload);
  }

  /**
   * When timed-out components did become ready, after the deadline. Best effort: kept in memory
   * (not spooled) while the link is down and sent after the next hello; lost if the agent stops first.
   */
  checkLate(payload: TCheckLateReady): void {
    this.pendingLate.push(payload);
    if (this.pendingLate.length > MAX_PENDING_LATE) this.pendingLate.shift();
    void this.flushLate();
  }

  private async flushLate(): Promise<void> {
    if (this.flushingLate) return;
    this.flushingLate = true;
    try {
      while (this.ready && this.socket && this.pendingLate.length > 0) {
        const next = this.pendingLate[0]!;
        const response: TAck<{ runId: string; updated: number }> | undefined = await this.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('check:late', next)
          .catch(() => undefined);
        // No answer: keep it for the next connection. An answer (even a refusal) settles it.
        if (!response) return;
        this.pendingLate = this.pendingLate.filter((entry) => entry !== next);
        if (!response.ok)
          this.options.log(`dashboard refused late readiness of ${next.runId}: ${response.error.message}`);
      }
    } finally {
      this.flushingLate = false;
    }
  }

  /** Spools the result (durable before anything else happens), then tries to deliver it. */
  async sendResult(result: TCheckResult): Promise<void> {
    const spool = await this.spool;
    // Late: produced while the link was down after it had been up (not merely before the first connect).
    await spool.add(result, this.everConnected && !this.ready);
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      const spool = await this.spool;
      while (this.ready && this.socket && spool.size > 0) {
        const next = await spool.peekOldest();
        if (!next) break;
        const response: TAck<{ runId: string; stored: boolean }> | undefined = await this.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('check:finished', {
            result: next.result,
            replayed: next.replayed || Date.now() - Date.parse(next.result.finishedAt) > LATE_AFTER_MS,
          })
          .catch(() => undefined);
        if (!response) {
          // Timed out or disconnected: resent after reconnect, and then marked late.
          await spool.markReplayed(next.result.runId);
          break;
        }
        if (!response.ok && response.error.code === 'INTERNAL') {
          // The dashboard's own trouble (database restarting): keep the result and try again soon.
          setTimeout(() => void this.flush(), 2_000).unref();
          break;
        }
        await spool.remove(next.result.runId);
        if (!response.ok)
          this.options.log(`dashboard refused result ${next.result.runId}: ${response.error.message}`);
      }
    } catch (error) {
      // The spool's disk failing must not take the agent down: the results stay where they are.
      this.options.log(`results not delivered yet: ${(error as Error).message}`);
    } finally {
      this.flushing = false;
    }
  }

  async pendingResults(): Promise<number> {
    return (await this.spool).size;
  }

  close(): void {
    this.closed = true;
    this.commands?.close();
    this.socket?.close();
  }
}
