import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TCheckResult } from '@standby/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResultSpool } from './result-spool';

function makeResult(overrides: Partial<TCheckResult> = {}): TCheckResult {
  return {
    runId: randomUUID(),
    status: 'RUNNING',
    applicable: true,
    mode: 'backup',
    checkEnabled: true,
    timeoutSec: 120,
    trigger: 'start',
    startedAt: '2025-01-01T12:00:00.000Z',
    finishedAt: '2025-01-01T12:00:05.000Z',
    durationMs: 5_000,
    components: [{ name: 't-controller', state: 'ready', readyAfterMs: 1_200, detail: null }],
    portCheck: { state: 'passed', reason: null, port: 5060, address: '0.0.0.0' },
    findings: [],
    options: { 'backup-init-check': 'true' },
    configuredOptions: { 'backup-init-check': 'true' },
    serverStartedAt: null,
    reasons: [],
    ...overrides,
  };
}

/** Drains the spool oldest first, returning runId and replayed flag of each entry. */
async function drain(spool: ResultSpool): Promise<[string, boolean][]> {
  const seen: [string, boolean][] = [];
  for (let next = await spool.peekOldest(); next; next = await spool.peekOldest()) {
    seen.push([next.result.runId, next.replayed]);
    await spool.remove(next.result.runId);
  }
  return seen;
}

describe('ResultSpool', () => {
  let dir: string;
  let logs: string[];
  const log = (line: string) => logs.push(line);
  const entryFiles = async (where = dir) =>
    (await readdir(where)).filter((name) => name.endsWith('.json') && name !== 'dropped.json').sort();

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-spool-'));
    logs = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns results oldest first and forgets removed ones', async () => {
    const spool = await ResultSpool.open(dir, { log });
    const [a, b, c] = [makeResult(), makeResult(), makeResult()];
    await spool.add(a, false);
    await spool.add(b, true);
    await spool.add(c, false);
    expect(spool.size).toBe(3);
    expect(await spool.peekOldest()).toEqual({ result: a, replayed: false });

    await spool.remove(b.runId);
    await spool.remove(randomUUID()); // unknown: no-op
    expect(spool.size).toBe(2);
    expect((await spool.peekOldest())?.result.runId).toBe(a.runId);
    await spool.remove(a.runId);
    expect((await spool.peekOldest())?.result.runId).toBe(c.runId);
    await spool.remove(c.runId);
    expect(await spool.peekOldest()).toBeUndefined();
    expect(spool.size).toBe(0);
    expect(await entryFiles()).toEqual([]);
  });

  it('keeps entries, their order and the replayed flag across a re-open', async () => {
    // runIds that sort opposite to insertion order, so only the sequence number can keep the order.
    const first = makeResult({ runId: 'f0000000-0000-4000-8000-000000000000' });
    const second = makeResult({ runId: '10000000-0000-4000-8000-000000000000' });
    const third = makeResult({ runId: '80000000-0000-4000-8000-000000000000' });
    const spool = await ResultSpool.open(dir, { log });
    await spool.add(first, false);
    await spool.add(second, true);
    await spool.add(third, false);
    await spool.markReplayed(first.runId);

    const reopened = await ResultSpool.open(dir, { log });
    expect(reopened.size).toBe(3);
    expect(await reopened.peekOldest()).toEqual({ result: first, replayed: true });
    // A result added after the restart must still sort after the older ones on the next open.
    const fourth = makeResult({ runId: '00000000-0000-4000-8000-000000000000' });
    await reopened.add(fourth, false);

    const again = await ResultSpool.open(dir, { log });
    expect(await drain(again)).toEqual([
      [first.runId, true],
      [second.runId, true],
      [third.runId, false],
      [fourth.runId, false],
    ]);
    expect(logs).toEqual([]);
  });

  it('drops the oldest results beyond maxEntries, counts them and persists the count', async () => {
    const spool = await ResultSpool.open(dir, { maxEntries: 2, log });
    const [a, b, c, d] = [makeResult(), makeResult(), makeResult(), makeResult()];
    await spool.add(a, false);
    await spool.add(b, false);
    expect(spool.dropped).toBe(0);
    await spool.add(c, false);
    expect(spool.size).toBe(2);
    expect(spool.dropped).toBe(1);
    expect((await spool.peekOldest())?.result.runId).toBe(b.runId);
    expect(await entryFiles()).toHaveLength(2);
    expect(logs).toEqual([expect.stringContaining('(1 dropped so far)')]);

    const reopened = await ResultSpool.open(dir, { maxEntries: 2, log });
    expect(reopened.dropped).toBe(1);
    await reopened.add(d, false);
    expect(reopened.dropped).toBe(2);
    expect(logs.at(-1)).toContain('(2 dropped so far)');
    expect(await drain(reopened)).toEqual([
      [c.runId, false],
      [d.runId, false],
    ]);
    expect(JSON.parse(await readFile(path.join(dir, 'dropped.json'), 'utf8'))).toEqual({ dropped: 2 });
  });

  it('trims to a lowered bound when opened', async () => {
    const spool = await ResultSpool.open(dir, { log });
    const results = [makeResult(), makeResult(), makeResult()];
    for (const result of results) await spool.add(result, false);

    const reopened = await ResultSpool.open(dir, { maxEntries: 1, log });
    expect(reopened.size).toBe(1);
    expect(reopened.dropped).toBe(2);
    expect(logs).toEqual([expect.stringContaining('(2 dropped so far)')]);
    expect((await reopened.peekOldest())?.result.runId).toBe(results[2]!.runId);
  });

  it('ignores adding a runId that is already spooled', async () => {
    const spool = await ResultSpool.open(dir, { log });
    const original = makeResult();
    await spool.add(original, false);
    await spool.add({ ...original, status: 'SERVICE_UNAVAILABLE' }, true);
    expect(spool.size).toBe(1);
    expect(await spool.peekOldest()).toEqual({ result: original, replayed: false });
    expect(await entryFiles()).toHaveLength(1);
  });

  it('rejects an invalid result without writing anything', async () => {
    const spool = await ResultSpool.open(dir, { log });
    await expect(spool.add(makeResult({ runId: '../../escape' }), false)).rejects.toThrow();
    expect(spool.size).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('moves corrupt entries to corrupt/ with a log line and loads the rest', async () => {
    const spool = await ResultSpool.open(dir, { log });
    const [a, truncated, invalid, d] = [makeResult(), makeResult(), makeResult(), makeResult()];
    for (const result of [a, truncated, invalid, d]) await spool.add(result, false);
    const files = await entryFiles();
    const truncatedFile = files.find((name) => name.includes(truncated.runId))!;
    const invalidFile = files.find((name) => name.includes(invalid.runId))!;
    const truncatedPath = path.join(dir, truncatedFile);
    const content = await readFile(truncatedPath, 'utf8');
    await writeFile(truncatedPath, content.slice(0, content.length / 2));
    await writeFile(
      path.join(dir, invalidFile),
      JSON.stringify({ result: { ...invalid, status: 'BOGUS' }, replayed: false }),
    );

    const reopened = await ResultSpool.open(dir, { log });
    expect(reopened.size).toBe(2);
    expect((await readdir(path.join(dir, 'corrupt'))).sort()).toEqual([truncatedFile, invalidFile].sort());
    expect(logs).toHaveLength(2);
    expect(logs.find((line) => line.includes(truncatedFile))).toContain('invalid JSON');
    expect(logs.find((line) => line.includes(invalidFile))).toContain('not a valid result');
    expect(await drain(reopened)).toEqual([
      [a.runId, false],
      [d.runId, false],
    ]);
  });

  it('quarantines a refused result with its reason, keeps it on disk and counts it across a re-open', async () => {
    const spool = await ResultSpool.open(dir, { log });
    const [refused, kept] = [makeResult(), makeResult()];
    await spool.add(refused, false);
    await spool.add(kept, false);
    const refusedFile = (await entryFiles()).find((name) => name.includes(refused.runId))!;
    await spool.quarantineRefused(refused.runId, { code: 'BAD_REQUEST', message: 'result.status: invalid' });
    await spool.quarantineRefused(randomUUID(), { code: 'BAD_REQUEST', message: 'unknown: ignored' });
    expect(spool.size).toBe(1);
    expect(spool.quarantined).toBe(1);
    expect((await spool.peekOldest())?.result.runId).toBe(kept.runId);
    const quarantine = path.join(dir, 'quarantine');
    expect((await readdir(quarantine)).sort()).toEqual([refusedFile, `${refusedFile}.refusal`]);
    expect(JSON.parse(await readFile(path.join(quarantine, refusedFile), 'utf8')).result).toEqual(refused);
    expect(JSON.parse(await readFile(path.join(quarantine, `${refusedFile}.refusal`), 'utf8'))).toMatchObject(
      {
        code: 'BAD_REQUEST',
        message: 'result.status: invalid',
      },
    );
    // One line naming the result and the reason; never resent.
    expect(logs).toEqual([
      `result ${refused.runId} refused by the dashboard for good (BAD_REQUEST: result.status: invalid): never resent, moved to quarantine/ (1 quarantined in all)`,
    ]);

    const reopened = await ResultSpool.open(dir, { log });
    expect(reopened.quarantined).toBe(1);
    expect(reopened.size).toBe(1);
  });

  it('deletes temp files left by a crash mid-write', async () => {
    const spool = await ResultSpool.open(dir, { log });
    const kept = makeResult();
    await spool.add(kept, false);
    const leftovers = [
      `.000000000001-${randomUUID()}.json.4242.a1b2c3d4e5f6.tmp`,
      '.dropped.json.4242.abcdef.tmp',
    ];
    for (const name of leftovers) await writeFile(path.join(dir, name), '{"result":');

    const reopened = await ResultSpool.open(dir, { log });
    const names = await readdir(dir);
    for (const name of leftovers) expect(names).not.toContain(name);
    expect(reopened.size).toBe(1);
    expect((await reopened.peekOldest())?.result.runId).toBe(kept.runId);
  });

  it('creates the directory 0700 and its files 0600', async () => {
    const nested = path.join(dir, 'state', 'spool');
    const spool = await ResultSpool.open(nested, { maxEntries: 1, log });
    const [a, b] = [makeResult(), makeResult()];
    await spool.add(a, false);
    await spool.add(b, false); // drops a, writing dropped.json
    await spool.markReplayed(b.runId); // rewrites the entry
    expect((await stat(nested)).mode & 0o777).toBe(0o700);
    const [entry] = await entryFiles(nested);
    expect((await stat(path.join(nested, entry!))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(nested, 'dropped.json'))).mode & 0o777).toBe(0o600);
  });

  it('keeps the index and the files in step when calls interleave', async () => {
    const spool = await ResultSpool.open(dir, { log });
    const results = Array.from({ length: 20 }, () => makeResult());
    const kept = results.filter((_, i) => i % 2 === 0);
    // Not awaited one by one: each remove/markReplayed races the add of the same runId.
    await Promise.all(
      results.flatMap((result, i) =>
        i % 2 === 0
          ? [spool.add(result, false)]
          : [spool.add(result, false), spool.markReplayed(result.runId), spool.remove(result.runId)],
      ),
    );
    expect(spool.size).toBe(kept.length);
    const onDisk = await entryFiles();
    expect(onDisk).toHaveLength(kept.length);
    for (const result of kept) expect(onDisk.some((name) => name.includes(result.runId))).toBe(true);
    expect((await drain(spool)).map(([runId]) => runId)).toEqual(kept.map((result) => result.runId));
  });
});
