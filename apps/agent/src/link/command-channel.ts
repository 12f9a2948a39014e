import { validateOptionValues } from '@standby/domain';
import {
  errorCodeOf,
  FailureStreak,
  fitCommandReason,
  type TAgentCommand,
  type TCommandAck,
  ZAgentCommandSchema,
} from '@standby/protocol';
import { readTServerOptions } from '../options-file/read-options-file';
import { updateTServerOptions } from '../options-file/update-options-file';
import type { AgentTrpcClient } from './agent-trpc-client';
import type { CommandLedger } from './command-ledger';

const RESUBSCRIBE_DELAY_MS = 2_000;
const REFUSED_RETRY_MS = 60_000;

export interface CommandHandlers {
  optionsFile: string;
  /** Runs the check now; resolves once its result is queued for the dashboard. */
  runCheck(): Promise<unknown>;
  /**
   * Called right after the agent itself rewrote the options file: the ack tells the dashboard, so
   * the file watch must not report this change as one made outside Standby.
   */
  optionsWritten?(): Promise<void>;
  /** A command was carried out (not a re-delivery answered from the ledger): its outcome, for metrics. */
  onAnswered?(ack: TCommandAck): void;
  log(line: string): void;
}

/**
 * Receives the dashboard's commands (tRPC subscription), one at a time and in order, applies
 * each, records the answer on disk, then acks. The server re-delivers anything unacked after a
 * reconnect; the ledger turns a re-delivery into a re-ack rather than a second application.
 */
export class CommandChannel {
  private queue: Promise<void> = Promise.resolve();
  private subscription: { unsubscribe(): void } | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  /** An outage logs two lines (start, end), not one per resubscription. */
  private readonly streamFailures: FailureStreak;

  constructor(
    private readonly client: AgentTrpcClient,
    private readonly ledger: CommandLedger,
    private readonly handlers: CommandHandlers,
  ) {
    this.streamFailures = new FailureStreak(handlers.log);
  }

  start(): void {
    if (this.closed) return;
    this.subscription?.unsubscribe();
    this.subscription = this.client.agent.commands.subscribe(undefined, {
      onStarted: () => this.streamFailures.recover('command channel: listening again'),
      onData: (envelope) => {
        const parsed = ZAgentCommandSchema.safeParse(envelope.data);
        if (!parsed.success) {
          this.handlers.log(`ignored a malformed command: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
          return;
        }
        // A failure (disk full, read-only) is logged, and the chain stays usable for the next one;
        // the unacked command comes back on the next stream and is tried again.
        this.queue = this.queue
          .then(() => this.handle(parsed.data))
          .catch((error: Error) =>
            this.handlers.log(`command ${parsed.data.commandId} not handled: ${error.message}`),
          );
      },
      onError: (error) => {
        // Refused (revoked, unknown credential): ask again rarely; anything else: soon.
        const refused = errorCodeOf(error) === 'UNAUTHORIZED';
        this.streamFailures.fail(`command channel: ${error.message}; resubscribing quietly until it works`);
        this.resubscribeSoon(refused ? REFUSED_RETRY_MS : RESUBSCRIBE_DELAY_MS);
      },
      // The server ended the stream (it is shutting down): open a new one, on whichever node answers.
      onComplete: () => this.resubscribeSoon(RESUBSCRIBE_DELAY_MS),
    });
  }

  private resubscribeSoon(delayMs: number): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start();
    }, delayMs);
    this.retry.unref();
  }

  private async handle(command: TAgentCommand): Promise<void> {
    const known = this.ledger.answerFor(command.commandId);
    const ack = known ?? fitAckReason(await this.execute(command));
    if (!known) this.handlers.onAnswered?.(ack);
    await this.ledger.record(ack);
    await this.sendAck(ack);
  }

  private async execute(command: TAgentCommand): Promise<TCommandAck> {
    const { commandId } = command;
    if (command.kind === 'run-check') {
      this.handlers.log(`command ${commandId}: run the check now`);
      try {
        await this.handlers.runCheck();
        return { commandId, outcome: 'done', reason: null };
      } catch (error) {
        return { commandId, outcome: 'failed', reason: (error as Error).message };
      }
    }
    // Validated again here, by the same domain rule as the dashboard: the agent trusts the catalog, not
    // the network, and writes the one normalized form.
    const validation = validateOptionValues(command.values);
    if (!validation.ok) {
      const problem = validation.errors.map((error) => error.message).join('; ');
      this.handlers.log(`command ${commandId}: rejected (${problem})`);
      return { commandId, outcome: 'rejected', reason: problem };
    }
    try {
      await updateTServerOptions(this.handlers.optionsFile, validation.values);
      await this.handlers.optionsWritten?.().catch(() => undefined);
      const configuredOptionsReadAt = new Date().toISOString();
      const configuredOptions = await readTServerOptions(this.handlers.optionsFile);
      this.handlers.log(
        `command ${commandId}: options written (${Object.keys(validation.values).join(', ')})`,
      );
      // The ack carries the file's new values: no extra hello needed for the dashboard to know them.
      return { commandId, outcome: 'applied', reason: null, configuredOptions, configuredOptionsReadAt };
    } catch (error) {
      return {
        commandId,
        outcome: 'rejected',
        reason: `options file not written: ${(error as Error).message}`,
      };
    }
  }

  /** Retries until the dashboard has the answer (it may be restarting); duplicates are harmless there. */
  private async sendAck(ack: TCommandAck): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.client.agent.ackCommand.mutate(ack);
        return;
      } catch (error) {
        const message = (error as Error).message;
        const code = errorCodeOf(error);
        // The dashboard does not know this command for our host: nothing to retry.
        if (code === 'NOT_FOUND') return;
        // Refused as malformed (an options file the schema cannot carry): retrying the same ack would
        // stall every later command. Sent once more without the file's values, then the channel moves on.
        if (code === 'BAD_REQUEST' || code === 'PAYLOAD_TOO_LARGE') {
          this.handlers.log(`ack of command ${ack.commandId} refused by the dashboard (${code}: ${message})`);
          if (ack.configuredOptions === undefined) return;
          const { configuredOptions: _dropped, configuredOptionsReadAt: _readAt, ...bare } = ack;
          return this.sendAck(bare);
        }
        if (attempt === 0) this.handlers.log(`ack of command ${ack.commandId} not delivered yet: ${message}`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.subscription?.unsubscribe();
  }
}

/** An outcome's reason cut to what the dashboard keeps (an error message can be any length). */
function fitAckReason(ack: TCommandAck): TCommandAck {
  return ack.reason === null ? ack : { ...ack, reason: fitCommandReason(ack.reason) };
}
