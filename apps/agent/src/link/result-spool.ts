import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type TCheckResult, ZCheckResultSchema } from '@standby/protocol';
import { lineLogger, processLogger } from '@standby/telemetry';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';

const DEFAULT_MAX_ENTRIES = 10_000;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const DROPPED_FILE = 'dropped.json';
const CORRUPT_DIR = 'corrupt';
/** Results the dashboard refused for good (a validation error): kept for inspection, never resent. */
export const QUARANTINE_DIR = 'quarantine';
const SEQ_WIDTH = 12;
// `<seq>-<runId>.json`: the sequence number, not the file time, keeps the spool order across restarts.
const ENTRY_NAME = /^(\d+)-([0-9a-fA-F-]{36})\.json$/;
// Left behind by writeFileAtomic when the agent died mid-write.
const TEMP_NAME = /^\..*\.tmp$/;
// Entries are validated at open; reading a few at a time keeps a full spool quick to load without fd storms.
const LOAD_BATCH = 32;

const ZSpoolEntrySchema = z.object({ result: ZCheckResultSchema, replayed: z.boolean() });
const ZDroppedSchema = z.object({ dropped: z.number().int().nonnegative() });

export interface SpooledResult {
  result: TCheckResult;
  /**
   * Not delivered live: made while the dashboard was unreachable, or an earlier delivery attempt was
   * not acknowledged. Sent along as a fact; the dashboard decides whether the result is late.
   */
  replayed: boolean;
}

export interface ResultSpoolOptions {
  /** Bound on the spool; beyond it the oldest results are dropped (and counted). */
  maxEntries?: number;
  log?: (line: string) => void;
}

interface IndexEntry {
  file: string;
  replayed: boolean;
}

type ReadOutcome = { ok: true; entry: SpooledResult } | { ok: false; reason: string };

/**
 * Check results not yet acked by the dashboard, one file per result so that they survive agent restarts
 * and crashes. The index lives in memory (insertion order = spool order); the results stay on disk.
 */
export class ResultSpool {
  private readonly index = new Map<string, IndexEntry>();
  private nextSeq = 0;
  private droppedCount = 0;
  private quarantinedCount = 0;
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly maxEntries: number,
    private readonly log: (line: string) => void,
  ) {}

  static async open(dir: string, options: ResultSpoolOptions = {}): Promise<ResultSpool> {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`result spool: maxEntries must be a positive integer, got ${maxEntries}`);
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    const spool = new ResultSpool(dir, maxEntries, options.log ?? lineLogger(processLogger(), 'warn'));
    await spool.load();
    return spool;
  }

  get size(): number {
    return this.index.size;
  }

  /** Results dropped because the spool was full, over the spool's whole life (persisted). */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Results the dashboard refused for good, moved to quarantine/ (counted from the files there, so it survives restarts). */
  get quarantined(): number {
    return this.quarantinedCount;
  }

  /** Spools a result; a runId already spooled is left as it is. Rejects a result that is not valid. */
  async add(result: TCheckResult, replayed: boolean): Promise<void> {
    // Validated up front: the runId becomes part of a file name, and an invalid entry would be quarantined at the next open.
    const valid = ZCheckResultSchema.parse(result);
    await this.serialize(async () => {
      if (this.index.has(valid.runId)) return;
      const file = `${String(this.nextSeq++).padStart(SEQ_WIDTH, '0')}-${valid.runId}.json`;
      await this.writeEntry(file, { result: valid, replayed });
      this.index.set(valid.runId, { file, replayed });
      // Written before trimming: a crash in between leaves one entry too many, which the next open trims.
      await this.enforceBound();
    });
  }

  /** The oldest spooled result; an entry found unreadable is moved aside and the next one returned. */
  peekOldest(): Promise<SpooledResult | undefined> {
    return this.serialize(async () => {
      for (let oldest = this.oldest(); oldest; oldest = this.oldest()) {
        const [runId, { file }] = oldest;
        const outcome = await this.readEntry(file, runId);
        if (outcome.ok) return outcome.entry;
        this.index.delete(runId);
        await this.quarantine(file, outcome.reason);
      }
      return undefined;
    });
  }

  /** Records that a delivery attempt failed, so the resend is flagged as replayed. */
  markReplayed(runId: string): Promise<void> {
    return this.serialize(async () => {
      const indexed = this.index.get(runId);
      if (!indexed || indexed.replayed) return;
      const outcome = await this.readEntry(indexed.file, runId);
      if (!outcome.ok) {
        this.index.delete(runId);
        await this.quarantine(indexed.file, outcome.reason);
        return;
      }
      await this.writeEntry(indexed.file, { result: outcome.entry.result, replayed: true });
      indexed.replayed = true;
    });
  }

  /** Forgets a result the dashboard acked; an unknown runId is ignored. */
  remove(runId: string): Promise<void> {
    return this.serialize(async () => {
      const indexed = this.index.get(runId);
      if (!indexed) return;
      await this.unlinkEntry(indexed.file);
      this.index.delete(runId);
    });
  }

  /**
   * Moves a result the dashboard refused for a reason that cannot change (a validation error) to
   * quarantine/, beside a note of why: it leaves the queue but is never deleted. An unknown runId is ignored.
   */
  quarantineRefused(runId: string, refusal: { code: string; message: string }): Promise<void> {
    return this.serialize(async () => {
      const indexed = this.index.get(runId);
      if (!indexed) return;
      const quarantineDir = path.join(this.dir, QUARANTINE_DIR);
      await mkdir(quarantineDir, { recursive: true, mode: DIR_MODE });
      const note = JSON.stringify({ ...refusal, at: new Date().toISOString() });
      // The note first: a crash in between leaves the entry queued (resent, refused again), never a note-less quarantine.
      await writeFileAtomic(path.join(quarantineDir, `${indexed.file}.refusal`), note, { mode: FILE_MODE });
      await rename(path.join(this.dir, indexed.file), path.join(quarantineDir, indexed.file));
      this.index.delete(runId);
      this.quarantinedCount++;
      this.log(
        `result ${runId} refused by the dashboard for good (${refusal.code}: ${refusal.message}): never resent, moved to ${QUARANTINE_DIR}/ (${this.quarantinedCount} quarantined in all)`,
      );
    });
  }

  /** Runs mutations one at a time so that the index and the files never disagree. */
  private serialize<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.tail.then(operation);
    // A failed operation must not block the ones queued behind it.
    this.tail = run.catch(() => undefined);
    return run;
  }

  private oldest(): [string, IndexEntry] | undefined {
    return this.index.entries().next().value;
  }

  private async load(): Promise<void> {
    const found: { seq: number; runId: string; file: string }[] = [];
    for (const name of await readdir(this.dir)) {
      if (TEMP_NAME.test(name)) {
        await unlink(path.join(this.dir, name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT')
            this.log(`result spool: cannot delete temp file ${name}: ${error.message}`);
        });
        continue;
      }
      const match = ENTRY_NAME.exec(name);
      if (match) found.push({ seq: Number(match[1]), runId: match[2]!, file: name });
    }
    found.sort((a, b) => a.seq - b.seq);
    // Past every file seen, corrupt ones included, so a new entry always sorts after the old ones.
    this.nextSeq = (found.at(-1)?.seq ?? -1) + 1;

    for (let start = 0; start < found.length; start += LOAD_BATCH) {
      const batch = found.slice(start, start + LOAD_BATCH);
      const outcomes = await Promise.all(batch.map(({ file, runId }) => this.readEntry(file, runId)));
      for (const [i, { file, runId }] of batch.entries()) {
        const outcome = outcomes[i]!;
        const first = this.index.get(runId);
        if (!outcome.ok) await this.quarantine(file, outcome.reason);
        else if (first) await this.quarantine(file, `duplicate of ${first.file}`);
        else this.index.set(runId, { file, replayed: outcome.entry.replayed });
      }
    }

    this.droppedCount = await this.loadDropped();
    this.quarantinedCount = await this.countQuarantined();
    // The bound may have been lowered, or a crash may have left an entry too many.
    await this.enforceBound();
  }

  private async countQuarantined(): Promise<number> {
    try {
      const names = await readdir(path.join(this.dir, QUARANTINE_DIR));
      return names.filter((name) => ENTRY_NAME.test(name)).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
  }

  private async readEntry(file: string, runId: string): Promise<ReadOutcome> {
    let text: string;
    try {
      text = await readFile(path.join(this.dir, file), 'utf8');
    } catch (error) {
      return { ok: false, reason: `unreadable: ${(error as Error).message}` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
    }
    const parsed = ZSpoolEntrySchema.safeParse(json);
    if (!parsed.success) return { ok: false, reason: `not a valid result: ${describeIssue(parsed.error)}` };
    if (parsed.data.result.runId !== runId)
      return { ok: false, reason: `runId ${parsed.data.result.runId} does not match the file name` };
    return { ok: true, entry: parsed.data };
  }

  private async writeEntry(file: string, entry: SpooledResult): Promise<void> {
    await writeFileAtomic(path.join(this.dir, file), JSON.stringify(entry), { mode: FILE_MODE });
  }

  // No directory fsync: an unlink lost in a crash only means a resend, which the dashboard dedupes by runId.
  private async unlinkEntry(file: string): Promise<void> {
    await unlink(path.join(this.dir, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Moves a bad file out of the way, kept for inspection; failing to do so must not stop the agent. */
  private async quarantine(file: string, reason: string): Promise<void> {
    try {
      const corruptDir = path.join(this.dir, CORRUPT_DIR);
      await mkdir(corruptDir, { recursive: true, mode: DIR_MODE });
      await rename(path.join(this.dir, file), path.join(corruptDir, file));
      this.log(`result spool: moved ${file} to ${CORRUPT_DIR}/ (${reason})`);
    } catch (error) {
      this.log(
        `result spool: ${file} is bad (${reason}) and cannot be moved aside: ${(error as Error).message}`,
      );
    }
  }

  private async enforceBound(): Promise<void> {
    let evicted = 0;
    try {
      for (let oldest = this.oldest(); oldest && this.index.size > this.maxEntries; oldest = this.oldest()) {
        const [runId, { file }] = oldest;
        await this.unlinkEntry(file);
        this.index.delete(runId);
        evicted++;
      }
    } finally {
      // Counted even if a later unlink failed: those evicted are gone either way.
      if (evicted > 0) {
        this.droppedCount += evicted;
        const what = evicted === 1 ? 'the oldest result' : `the ${evicted} oldest results`;
        this.log(
          `result spool full (${this.maxEntries} entries): dropped ${what} (${this.droppedCount} dropped so far)`,
        );
        await this.saveDropped();
      }
    }
  }

  private async loadDropped(): Promise<number> {
    let text: string;
    try {
      text = await readFile(path.join(this.dir, DROPPED_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      await this.quarantine(DROPPED_FILE, `unreadable: ${(error as Error).message}; counting from 0`);
      return 0;
    }
    let parsed: ReturnType<typeof ZDroppedSchema.safeParse>;
    try {
      parsed = ZDroppedSchema.safeParse(JSON.parse(text));
    } catch (error) {
      await this.quarantine(DROPPED_FILE, `invalid JSON: ${(error as Error).message}; counting from 0`);
      return 0;
    }
    if (parsed.success) return parsed.data.dropped;
    await this.quarantine(
      DROPPED_FILE,
      `not a valid counter: ${describeIssue(parsed.error)}; counting from 0`,
    );
    return 0;
  }

  private async saveDropped(): Promise<void> {
    const content = JSON.stringify({ dropped: this.droppedCount });
    await writeFileAtomic(path.join(this.dir, DROPPED_FILE), content, { mode: FILE_MODE });
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : '';
  return `${where}: ${issue.message}${more}`;
}
