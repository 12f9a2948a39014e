import type {
  TAck,
  TAgentHello,
  TCheckLateReady,
  TCheckResult,
  TCheckStarted,
  TCommandAck,
  TComponentProgress,
  TErrorCode,
} from '@standby/protocol';
import { backoffMs, FailureStreak } from '@standby/protocol';
import { io, type Socket } from 'socket.io-client';
import { type HostIdentity, obtainAgentCredential } from './agent-credential';
import { createAgentTrpcClient } from './agent-trpc-client';
import { CommandChannel } from './command-channel';
import { CommandLedger } from './command-ledger';
import { type DashboardTls, describeTlsFailure } from './dashboard-tls';
import { ResultSpool, type SpooledResult } from './result-spool';

const ACK_TIMEOUT_MS = 15_000;
const ENROLL_RETRY_MS = 5_000;
/** Retries (hello, a result, a refused handshake) back off from this… */
const RETRY_BASE_MS = 1_000;
/** …up to this. */
const RETRY_MAX_MS = 15_000;
/**
 * A hello refused FORBIDDEN (its host name or application differs from the enrollment) cannot pass
 * until someone fixes the config or re-enrolls the host: asked again this rarely, not in a loop.
 */
const HELLO_REFUSED_RETRY_MS = 5 * 60_000;
/** How long a graceful stop waits for the result being written or sent. */
export const STOP_GRACE_MS = 5_000;
/** Late-readiness reports waiting for a connection, kept in memory (oldest dropped beyond this). */
const MAX_PENDING_LATE = 50;
/** Status changes (counts) are reported at most this often. */
const STATUS_COALESCE_MS = 250;

/**
 * Refusals that can never change: the payload itself is wrong (docs/DELIVERY.md). A result refused
 * with one of these leaves the queue for quarantine/; any other answer is retried.
 */
const FINAL_REFUSALS: ReadonlySet<TErrorCode> = new Set(['BAD_REQUEST', 'PAYLOAD_TOO_LARGE']);

/**
 * `connecting`: not connected yet since the agent started, and nothing failed so far; `connected`:
 * the dashboard acknowledged the hello; `unreachable`: a connection, handshake, hello or enrollment
 * failed and is being retried; `refused`: the dashboard refused the credential for good.
 */
export type TLinkState = 'connecting' | 'connected' | 'unreachable' | 'refused';

export interface TDeliveryStatus {
  link: TLinkState;
  /** Results in the spool, not yet stored by the dashboard. */
  pending: number;
  /** Results the dashboard refused for good, kept in the spool's quarantine/ directory. */
  quarantined: number;
  /** Results dropped because the spool was full. */
  dropped: number;
  /** Why the dashboard refused this agent (state `refused`). */
  refusal?: string;
}

export interface DashboardLinkOptions {
  url: string;
  /** CA, client certificate and key for an https:// dashboard (loadDashboardTls). */
  tls?: DashboardTls | undefined;
  tokenFile: string;
  stateDir: string;
  host: HostIdentity;
  describeHost: () => Promise<TAgentHello>;
  optionsFile: string;
  runCheck: () => Promise<unknown>;
  /** The agent rewrote the options file on a command (see CommandHandlers.optionsWritten). */
  optionsWritten?: () => Promise<void>;
  /** A command from the dashboard was carried out (for metrics). */
  onCommandAnswered?: (ack: TCommandAck) => void;
  /** The link state or the spool's counts changed (coalesced). */
  onStatus?: (status: TDeliveryStatus) => void;
  log: (line: string) => void;
}

type DeliveryOutcome = 'done' | 'retry' | 'link-lost';

/**
 * The agent's connection to the dashboard: results over socket.io, kept in an on-disk spool until
 * the dashboard stores them (it acks only after committing) and replayed after a reconnect or a
 * restart; commands over a tRPC subscription. Authenticates with the agent's own credential.
 * The delivery contract is docs/DELIVERY.md: results are emitted only on a connected socket whose
 * hello was acknowledged, one at a time, and leave the spool only when stored (or refused for good).
 */
export class DashboardLink {
  private socket: Socket | undefined;
  private commands: CommandChannel | undefined;
  private readonly spool: Promise<ResultSpool>;
  private openedSpool: ResultSpool | undefined;
  /** The hello on the current connection was acknowledged. */
  private ready = false;
  /** Bumped on every connect and disconnect: work begun for an older connection stops. */
  private session = 0;
  private linkState: TLinkState = 'connecting';
  private refusal: string | undefined;
  private revoked = false;
  private closing = false;
  private closed = false;
  private closingDone: Promise<void> | undefined;

  private pumping = false;
  private pumpAgain = false;
  private inFlight: Promise<DeliveryOutcome> | undefined;
  private readonly pendingWrites = new Set<Promise<unknown>>();
  private deliveryAttempt = 0;
  private deliveryTimer: NodeJS.Timeout | undefined;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private greeting: Promise<void> | undefined;
  private greetingSession = -1;
  private helloAgain = false;
  /** The dashboard's last notice about this host (e.g. kept out of its pair), logged when it changes. */
  private helloNotice: string | undefined;
  private statusTimer: NodeJS.Timeout | undefined;

  private readonly connectFailures: FailureStreak;
  private readonly deliveryFailures: FailureStreak;
  private readonly enrollFailures: FailureStreak;

  /** Results spooled before the first connection of this run was settled (see setLinkState). */
  private madeWhileConnecting: string[] = [];
  private pendingLate: TCheckLateReady[] = [];
  private flushingLate = false;

  constructor(private readonly options: DashboardLinkOptions) {
    this.connectFailures = new FailureStreak(options.log);
    this.deliveryFailures = new FailureStreak(options.log);
    this.enrollFailures = new FailureStreak(options.log);
    this.spool = ResultSpool.open(`${options.stateDir}/spool`, { log: options.log });
    this.spool.then(
      (spool) => {
        this.openedSpool = spool;
        this.notifyStatus();
      },
      // A spool that cannot open leaves results in memory only; say so once rather than crash the check.
      (error: Error) => options.log(`result spool unavailable: ${error.message}`),
    );
    void this.connect().catch((error: Error) => options.log(`dashboard link stopped: ${error.message}`));
  }

  private async connect(): Promise<void> {
    const { url, tokenFile, host, log } = this.options;
    let credential: string | undefined;
    while (!this.closing && !credential) {
      try {
        const obtained = await obtainAgentCredential(url, tokenFile, host, log, this.options.tls);
        if (obtained.enrolledNow) await CommandLedger.reset(this.options.stateDir);
        credential = obtained.credential;
        this.enrollFailures.recover('enrollment with the dashboard succeeded');
      } catch (error) {
        this.setLinkState('unreachable');
        this.enrollFailures.fail(
          `enrollment with the dashboard failed: ${(error as Error).message}; retrying every ${ENROLL_RETRY_MS / 1000} s`,
        );
        await new Promise((resolve) => setTimeout(resolve, ENROLL_RETRY_MS));
      }
    }
    if (this.closing || !credential) return;
    const socket = io(new URL('/agent', url).toString(), {
      transports: ['websocket'],
      auth: { token: credential },
      ...this.options.tls,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.session++;
      this.ready = false;
      void this.greet();
    });
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    // A new low-level connection: nothing from before may go out ahead of its hello.
    socket.io.on('open', () => {
      socket.sendBuffer.length = 0;
    });
    socket.on('connect_error', (error) => this.onConnectError(socket, error));
    socket.on('server:error', (error) => {
      if (error.code === 'REVOKED') this.revoked = true;
      log(`dashboard: ${error.code}: ${error.message}`);
    });

    const ledger = await CommandLedger.open(this.options.stateDir);
    if (this.closing) return;
    this.commands = new CommandChannel(createAgentTrpcClient(url, credential, this.options.tls), ledger, {
      optionsFile: this.options.optionsFile,
      runCheck: this.options.runCheck,
      ...(this.options.optionsWritten ? { optionsWritten: this.options.optionsWritten } : {}),
      ...(this.options.onCommandAnswered ? { onAnswered: this.options.onCommandAnswered } : {}),
      log,
    });
    this.commands.start();
  }

  private onDisconnect(socket: Socket, reason: Socket.DisconnectReason): void {
    // Anything socket.io-client buffered while the link was failing must not go out on the next
    // connection ahead of the hello: the spool resends it after the hello instead.
    socket.sendBuffer.length = 0;
    this.session++;
    this.ready = false;
    if (this.closing) return;
    this.setLinkState('unreachable');
    this.options.log(`dashboard disconnected (${reason})`);
    // The server closed the connection: socket.io-client does not come back on its own.
    if (reason === 'io server disconnect') {
      if (this.revoked) {
        this.refuse('the dashboard revoked this agent');
        return;
      }
      this.scheduleReconnect(socket);
    }
  }

  private onConnectError(socket: Socket, error: Error): void {
    if (this.closing) return;
    this.setLinkState('unreachable');
    // Still active: a transport error, socket.io-client's own reconnection tries again.
    if (socket.active) {
      const why = describeTlsFailure(error, this.options.url) ?? error.message;
      this.connectFailures.fail(`dashboard unreachable: ${why}; reconnecting`);
      return;
    }
    // Refused by the server's handshake middleware: the code in `data` says whether it can change.
    const code = (error as Error & { data?: { code?: unknown } }).data?.code;
    if (code === 'UNAUTHORIZED') {
      this.refuse(`the dashboard refused this agent's credential (${error.message})`);
      return;
    }
    const reason = typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ` : '';
    this.connectFailures.fail(
      `dashboard refused the connection for now (${reason}${error.message}); retrying with backoff`,
    );
    this.scheduleReconnect(socket);
  }

  private scheduleReconnect(socket: Socket): void {
    if (this.closing || this.reconnectTimer) return;
    const delay = backoffMs(this.reconnectAttempt++, RETRY_BASE_MS, RETRY_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closing && !socket.active) socket.connect();
    }, delay);
  }

  /** A refusal that can never change by retrying: said once, clearly; the results stay spooled. */
  private refuse(why: string): void {
    this.refusal = why;
    this.setLinkState('refused');
    const pending = this.openedSpool?.size ?? 0;
    this.options.log(
      `${why}: the credential is unknown or revoked. Not reconnecting; ${pending} result(s) stay in the spool. ` +
        `Put a new enrollment token in ${this.options.tokenFile} and restart the agent.`,
    );
  }

  /** The dashboard acknowledged the hello on the current connection. */
  get connected(): boolean {
    return this.ready;
  }

  /** A socket.io connection to the dashboard is open now (hello acknowledged or not). */
  get socketConnected(): boolean {
    return this.socket?.connected === true;
  }

  private isCurrent(session: number): boolean {
    return !this.closing && session === this.session && this.socket?.connected === true;
  }

  /** Sends hello on the current connection until it is acknowledged (or the connection ends). */
  private greet(): Promise<void> {
    // One hello loop per connection; a loop begun for an older connection ends on its own.
    if (this.greeting && this.greetingSession === this.session) {
      this.helloAgain = true;
      return this.greeting;
    }
    const run: Promise<void> = this.greetLoop().finally(() => {
      if (this.greeting === run) this.greeting = undefined;
    });
    this.greeting = run;
    this.greetingSession = this.session;
    return run;
  }

  private async greetLoop(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const session = this.session;
    for (let attempt = 0; this.isCurrent(session); attempt++) {
      this.helloAgain = false;
      const hello = await this.options.describeHost().catch(() => undefined);
      // Not emitted on a connection that is gone meanwhile: it would be buffered for the next one.
      if (!this.isCurrent(session)) return;
      const response: TAck<{ hostId: string; notice?: string }> | undefined = hello
        ? await socket
            .timeout(ACK_TIMEOUT_MS)
            // The agent's clock as it sends: the dashboard measures the skew (its agent-clock-skew finding).
            .emitWithAck('hello', { ...hello, sentAt: new Date().toISOString() })
            .catch(() => undefined)
        : undefined;
      if (!this.isCurrent(session)) return;
      if (response?.ok) {
        const wasReady = this.ready;
        this.ready = true;
        this.reconnectAttempt = 0;
        this.setLinkState('connected');
        if (!wasReady) {
          const line = `connected to dashboard as host ${response.data.hostId}`;
          if (!this.connectFailures.recover(line)) this.options.log(line);
          // Results held back by a retry timer go now: the link is new.
          this.restartDelivery();
          void this.flushLate();
        }
        if (response.data.notice !== this.helloNotice && response.data.notice)
          this.options.log(`dashboard: ${response.data.notice}`);
        this.helloNotice = response.data.notice;
        if (this.helloAgain) continue;
        return;
      }
      const refused = response?.ok === false ? response.error : undefined;
      if (refused?.code === 'FORBIDDEN') {
        // Said once per reason, not once per attempt: nothing changes until someone acts.
        if (refused.message !== this.helloNotice)
          this.options.log(
            `dashboard refused hello (${refused.message}); fix this agent's host name or application, or re-enroll the host; asking again every ${HELLO_REFUSED_RETRY_MS / 60_000} min`,
          );
        this.helloNotice = refused.message;
      }
      this.connectFailures.fail(
        `dashboard did not accept hello (${refused ? `${refused.code}: ${refused.message}` : 'no answer'}); retrying with backoff`,
      );
      // A refreshed hello failed: the connection still stands on the last one — unless it was only
      // over the dashboard's rate limit: then the facts it carries are sent again after a pause.
      if (this.ready && refused?.code !== 'TOO_MANY_REQUESTS') return;
      const delay =
        refused?.code === 'FORBIDDEN'
          ? HELLO_REFUSED_RETRY_MS
          : backoffMs(attempt, RETRY_BASE_MS, RETRY_MAX_MS);
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }

  /** Re-sends hello (the options or mode changed). */
  async refreshHello(): Promise<void> {
    if (this.socket?.connected) await this.greet();
  }

  checkStarted(payload: TCheckStarted): void {
    if (this.ready && this.socket?.connected) this.socket.emit('check:started', payload);
  }

  /** A component turned ready (or timed out) during a check: the dashboard shows it live. Not kept when offline. */
  checkProgress(payload: TComponentProgress): void {
    if (this.ready && this.socket?.connected) this.socket.emit('check:progress', payload);
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
      while (this.canSend() && this.socket && this.pendingLate.length > 0) {
        const next = this.pendingLate[0]!;
        const response: TAck<{ runId: string; updated: number }> | undefined = await this.socket
          .timeout(ACK_TIMEOUT_MS)
          .emitWithAck('check:late', next)
          .catch(() => undefined);
        // No answer, or the dashboard's own trouble: keep it for the next connection.
        if (!response || (!response.ok && !FINAL_REFUSALS.has(response.error.code))) return;
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
    // Made while the dashboard could not be reached (not merely before the first connection of this
    // run completed): a fact kept with the result; the dashboard decides what is late.
    // Made before the first connection of this run: decided when that connection succeeds or fails.
    const state = this.linkState;
    const write = this.spool.then(async (spool) => {
      await spool.add(result, state === 'unreachable' || state === 'refused');
      if (state === 'connecting') {
        if (this.linkState === 'connecting') this.madeWhileConnecting.push(result.runId);
        else if (this.linkState !== 'connected') await spool.markReplayed(result.runId);
      }
    });
    this.pendingWrites.add(write);
    try {
      await write;
    } finally {
      this.pendingWrites.delete(write);
    }
    this.notifyStatus();
    void this.pump();
  }

  private canSend(): boolean {
    return !this.closing && this.ready && this.socket?.connected === true;
  }

  private restartDelivery(): void {
    clearTimeout(this.deliveryTimer);
    this.deliveryTimer = undefined;
    void this.pump();
  }

  /** Delivers spooled results oldest first, one at a time, while the link is up and hello'd. */
  private async pump(): Promise<void> {
    if (this.deliveryTimer) return; // a retry is scheduled: it runs the queue
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      const spool = await this.spool;
      do {
        this.pumpAgain = false;
        while (this.canSend() && spool.size > 0) {
          const next = await spool.peekOldest();
          if (!next) break;
          const attempt = this.deliver(spool, next);
          this.inFlight = attempt;
          const outcome = await attempt.finally(() => {
            this.inFlight = undefined;
          });
          this.notifyStatus();
          if (outcome === 'retry') return this.scheduleDeliveryRetry();
          if (outcome === 'link-lost') return; // the next hello resumes
        }
      } while (this.pumpAgain && this.canSend());
    } catch (error) {
      // The spool's disk failing must not take the agent down: the results stay where they are.
      this.deliveryFailures.fail(`results not delivered yet: ${(error as Error).message}; retrying`);
      this.scheduleDeliveryRetry();
    } finally {
      this.pumping = false;
    }
  }

  private scheduleDeliveryRetry(): void {
    if (this.closing || this.deliveryTimer) return;
    const delay = backoffMs(this.deliveryAttempt++, RETRY_BASE_MS, RETRY_MAX_MS);
    this.deliveryTimer = setTimeout(() => {
      this.deliveryTimer = undefined;
      void this.pump();
    }, delay);
  }

  private async deliver(spool: ResultSpool, next: SpooledResult): Promise<DeliveryOutcome> {
    const socket = this.socket!;
    const session = this.session;
    const { runId } = next.result;
    // Checked again right before the emit (reading the entry took a moment): emitted while
    // disconnected, socket.io-client would buffer it and send it on the next connection before the hello.
    if (!this.canSend()) return 'link-lost';
    let response: TAck<{ runId: string; stored: boolean }>;
    try {
      response = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('check:finished', { result: next.result, replayed: next.replayed });
    } catch (error) {
      // No answer: the disconnect cancelled it, or the dashboard is too slow. Not acked = not stored.
      await spool.markReplayed(runId);
      if (session !== this.session || !socket.connected) return 'link-lost';
      this.deliveryFailures.fail(
        `result ${runId} not acknowledged (${(error as Error).message}); resending with backoff`,
      );
      return 'retry';
    }
    if (response.ok) {
      await spool.remove(runId);
      this.deliveryAttempt = 0;
      this.deliveryFailures.recover('results are being stored again');
      return 'done';
    }
    if (FINAL_REFUSALS.has(response.error.code)) {
      await spool.quarantineRefused(runId, response.error);
      return 'done';
    }
    await spool.markReplayed(runId);
    this.deliveryFailures.fail(
      `dashboard did not store result ${runId} (${response.error.code}: ${response.error.message}); retrying with backoff`,
    );
    return 'retry';
  }

  async pendingResults(): Promise<number> {
    return (await this.spool).size;
  }

  /** The link state and the spool's counts, as shown in the agent's local status. */
  get deliveryStatus(): TDeliveryStatus {
    const spool = this.openedSpool;
    return {
      link: this.linkState,
      pending: spool?.size ?? 0,
      quarantined: spool?.quarantined ?? 0,
      dropped: spool?.dropped ?? 0,
      ...(this.refusal ? { refusal: this.refusal } : {}),
    };
  }

  private setLinkState(state: TLinkState): void {
    if (this.linkState === state || this.linkState === 'refused') return;
    const before = this.linkState;
    this.linkState = state;
    if (before === 'connecting') {
      // The first connection of this run failed: what was made meanwhile was made while cut off
      // (an agent restarted during an outage). Had it succeeded, it was merely made while connecting.
      const made = this.madeWhileConnecting;
      this.madeWhileConnecting = [];
      if (state !== 'connected')
        void this.spool
          .then((spool) => Promise.all(made.map((runId) => spool.markReplayed(runId))))
          .catch(() => undefined);
    }
    this.notifyStatus();
  }

  private notifyStatus(): void {
    if (!this.options.onStatus || this.statusTimer || this.closed) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.options.onStatus?.(this.deliveryStatus);
    }, STATUS_COALESCE_MS);
    this.statusTimer.unref();
  }

  /**
   * Stops the link. Waits (at most `graceMs`) for results being written to the spool and for the
   * result in flight: acked in time, it leaves the spool; otherwise it stays there, whole, for the next run.
   */
  close(graceMs = STOP_GRACE_MS): Promise<void> {
    this.closingDone ??= (async () => {
      this.closing = true;
      clearTimeout(this.deliveryTimer);
      clearTimeout(this.reconnectTimer);
      this.commands?.close();
      const settled = (async () => {
        while (this.pendingWrites.size > 0 || this.inFlight)
          await Promise.allSettled([...this.pendingWrites, this.inFlight]);
      })();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        settled,
        new Promise((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (this.pendingWrites.size > 0 || this.inFlight)
        this.options.log('stopping with a result still being written or sent: it stays in the spool');
      this.closed = true;
      clearTimeout(this.statusTimer);
      this.socket?.close();
    })();
    return this.closingDone;
  }
}
