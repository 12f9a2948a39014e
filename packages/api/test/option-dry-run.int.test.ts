import { createHosts, createPair } from '@standby/db/testing';
import type { TPlannedHostView } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from './test-database';

const CONFIGURED = { 'backup-init-check': 'true', 'backup-init-check-timeout': '60' };

describe('commands.dryRun and commands.revert over the real database', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let pairId: string;
  let pairHosts: string[];
  let fleetHosts: string[];

  beforeAll(async () => {
    db = await startTestDatabase();
    pairId = await createPair(db.prisma, 'PLAN_PAIR');
    pairHosts = await createHosts(db.prisma, [
      { hostname: 'plan-a', pairId, configuredOptions: CONFIGURED, effectiveOptions: CONFIGURED },
      { hostname: 'plan-b', pairId, configuredOptions: CONFIGURED, effectiveOptions: CONFIGURED },
    ]);
    // Seven more, one already with the new value: unchanged.
    fleetHosts = await createHosts(
      db.prisma,
      Array.from({ length: 7 }, (_, i) => ({
        hostname: `plan-fleet-${i}`,
        configuredOptions: i === 3 ? { ...CONFIGURED, 'backup-sip-port-check': 'false' } : CONFIGURED,
      })),
    );
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('pages every target host once, by host name, with totals on the first page only', async () => {
    const operator = db.callerAs('operator');
    const request = {
      target: { kind: 'filter' as const, filter: { search: 'plan-fleet' } },
      values: { 'backup-sip-port-check': 'false' },
      limit: 3,
    };
    const seen: TPlannedHostView[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await operator.commands.dryRun({ ...request, ...(cursor ? { cursor } : {}) });
      if (pages === 0)
        expect(page.totals).toEqual({ hosts: 7, changing: 6, unchanged: 1, withNewFindings: 0 });
      else expect(page.totals).toBeNull();
      seen.push(...page.hosts);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((host) => host.hostname)).toEqual(Array.from({ length: 7 }, (_, i) => `plan-fleet-${i}`));
    expect(seen.find((host) => host.hostname === 'plan-fleet-3')!.changes).toEqual([]);
    await expect(operator.commands.dryRun({ ...request, cursor: 'not-a-cursor' })).rejects.toThrow(
      /Invalid cursor/,
    );
  });

  it('judges pair drift with the partner’s next values, and refuses viewers and empty targets', async () => {
    const operator = db.callerAs('operator');
    const one = await operator.commands.dryRun({
      target: { kind: 'hosts', hostIds: [pairHosts[0]!] },
      values: { 'backup-init-check-timeout': '90' },
    });
    expect(one.restricted).toEqual(['backup-init-check-timeout']);
    expect(one.hosts[0]!.findingsAfter.map((finding) => [finding.code, finding.option])).toEqual([
      ['pair-option-drift', 'backup-init-check-timeout'],
    ]);
    const both = await operator.commands.dryRun({
      target: { kind: 'pair', pairId },
      values: { 'backup-init-check-timeout': '90' },
    });
    expect(both.totals).toMatchObject({ changing: 2, withNewFindings: 0 });

    await expect(
      db.callerAs('viewer').commands.dryRun({
        target: { kind: 'pair', pairId },
        values: { 'backup-init-check-timeout': '90' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      operator.commands.dryRun({
        target: { kind: 'filter', filter: { search: 'no-such-host' } },
        values: { 'backup-init-check': 'false' },
      }),
    ).rejects.toThrow(/No host matches the target/);
  });

  it('writes exactly what the dry run showed, and a revert names the change it reverts', async () => {
    const operator = db.callerAs('operator');
    const request = {
      target: { kind: 'hosts' as const, hostIds: fleetHosts },
      values: { 'backup-sip-port-check': 'false', 'backup-init-check': 'true' },
    };
    const preview = await operator.commands.dryRun({ ...request, limit: 500 });
    const sent = await operator.commands.changeOptions(request);
    expect(sent).toMatchObject({ hosts: 7, unchanged: preview.totals!.unchanged });
    const written = await db.prisma.optionChange.findMany({
      where: { commandId: { in: sent.commandIds.map((id) => BigInt(id)) } },
      orderBy: { id: 'asc' },
    });
    expect(written.map((row) => [row.hostId, row.option, row.oldValue, row.newValue]).sort()).toEqual(
      preview.hosts
        .flatMap((host) => host.changes.map((change) => [host.hostId, change.option, change.from, change.to]))
        .sort(),
    );

    // Nothing acked yet (no agent): the revert compares with the queued values and sends them back.
    const reverted = await operator.commands.revert({
      commandIds: sent.commandIds,
      reason: 'wrong port check',
    });
    expect(reverted).toMatchObject({ hosts: 6, unchanged: 0 });
    const reverts = await db.prisma.optionChange.findMany({
      where: { commandId: { in: reverted.commandIds.map((id) => BigInt(id)) } },
    });
    expect(reverts.map((row) => row.revertsChangeId?.toString()).sort()).toEqual(
      written.map((row) => row.id.toString()).sort(),
    );
    // Not in the file before: the default, which is what an absent key means.
    expect(new Set(reverts.map((row) => row.newValue))).toEqual(new Set(['true']));
    expect(reverts.every((row) => row.reason === 'wrong port check')).toBe(true);

    await expect(operator.commands.revert({})).rejects.toThrow(/changeIds, commandIds or rolloutId/);
    await expect(
      db.callerAs('viewer').commands.revert({ changeIds: [written[0]!.id.toString()] }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
