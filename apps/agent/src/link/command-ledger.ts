import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TCommandAck } from '@standby/protocol';
import { writeFileAtomic } from '../fs/atomic-write';

const KEEP = 500;

/**
 * The answers this agent gave, kept on disk before each ack is sent. A command delivered again
 * (the ack was lost, or the agent crashed between writing the options file and acking) is answered
 * from here instead of being applied twice.
 */
export class CommandLedger {
  private constructor(
    private readonly file: string,
    private readonly answers: Map<string, TCommandAck>,
  ) {}

  static async open(stateDir: string): Promise<CommandLedger> {
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const file = path.join(stateDir, 'commands.json');
    const answers = new Map<string, TCommandAck>();
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text) {
      try {
        for (const ack of JSON.parse(text) as TCommandAck[]) answers.set(ack.commandId, ack);
      } catch {
        // A damaged ledger only risks re-applying the same values, which is harmless; start afresh.
      }
    }
    return new CommandLedger(file, answers);
  }

  /**
   * Forgets every answer: called when the agent enrolls afresh, since a new dashboard database
   * numbers its commands from 1 again and an old answer must not stand in for a new command.
   */
  static async reset(stateDir: string): Promise<void> {
    await rm(path.join(stateDir, 'commands.json'), { force: true });
  }

  answerFor(commandId: string): TCommandAck | undefined {
    return this.answers.get(commandId);
  }

  async record(ack: TCommandAck): Promise<void> {
    this.answers.set(ack.commandId, ack);
    const recent = [...this.answers.values()].slice(-KEEP);
    await writeFileAtomic(this.file, JSON.stringify(recent), { mode: 0o600 });
  }
}
