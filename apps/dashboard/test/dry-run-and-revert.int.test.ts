import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AgentInstance, startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import type { TPlannedHostView } from '@standby/protocol';
import type { SimulatedSipHost } from '@standby/simulator/host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient, enrolledHost } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const TIMEOUT = 'backup-init-check-timeout';
const PORT_CHECK = 'backup-sip-port-check';

/** What an options file says of one option (undefined: not in the file). */
function fileValue(text: string, option: string): string | undefined {
  return new RegExp(`^${option} = (.*)$`, 'm').exec(text)?.[1];
}

describe('server-side dry run and one-click revert, with real agents', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard;
  let dir: string;
  let operatorCookie: string;
  const hosts: Record<string, { sim: SimulatedSipHost; agent: AgentInstance | null; id: string }> = {};

  const connectedHostId = (application: string) =>
    waitFor(
      () =>
        dashboard.prisma.host
          .findFirst({ where: { application, agent: { connected: true } } })
          .then((host) => host?.id),
      `${application} connected`,
    );
  const startAgentOf = async (application: string) => {
    const host = hosts[application]!;
    host.agent = startAgent({ config: await loadAgentConfig(host.sim.configPath), log: () => {} });
  };
  const allApplied = (commandIds: readonly string[]) =>
    waitFor(
      async () =>
        (await dashboard.prisma.agentCommand.count({
          where: { id: { in: commandIds.map((id) => BigInt(id)) }, state: 'applied' },
        })) === commandIds.length || undefined,
      `commands ${commandIds.join(', ')} applied`,
    );

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-dry-run-'));
    operatorCookie = await dashboard.signIn('operator');
    // DRY_A and DRY_B: an HA pair (drift is judged between them); DRY_C alone, its agent soon offline.
    for (const [application, pair] of [
      ['DRY_A', 'DRY_PAIR'],
      ['DRY_B', 'DRY_PAIR'],
      ['DRY_C', 'DRY_SOLO'],
    ] as const) {
      const sim = await enrolledHost(dir, dashboard, application, pair);
      hosts[application] = { sim, agent: null, id: '' };
      await startAgentOf(application);
      hosts[application]!.id = await connectedHostId(application);
    }
  });
  afterAll(async () => {
    for (const host of Object.values(hosts)) {
      await host.agent?.stop();
      await host.sim.dispose();
    }
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('previews per host, paged, writing nothing, with the findings the new values would raise', async () => {
    const operator = browserClient(dashboard.url, operatorCookie);
    const before = await Promise.all([
      dashboard.prisma.agentCommand.count(),
      dashboard.prisma.optionChange.count(),
      dashboard.prisma.auditEvent.count({ where: { action: 'option.change' } }),
    ]);
    // The check off on one member of the pair only: the check is disabled there, and the pair drifts.
    const page = await operator.commands.dryRun.mutate({
      target: { kind: 'hosts', hostIds: [hosts.DRY_A!.id] },
      values: { 'backup-init-check': 'FALSE' },
    });
    expect(page.totals).toEqual({ hosts: 1, changing: 1, unchanged: 0, withNewFindings: 1 });
    const [row] = page.hosts;
    expect(row).toMatchObject({
      hostname: 'dry_a.test',
      pairName: 'DRY_PAIR',
      configured: { 'backup-init-check': 'true', [TIMEOUT]: '15' },
      queued: {},
      // Normalized as the change itself would be.
      changes: [{ option: 'backup-init-check', from: 'true', to: 'false' }],
    });
    expect(row!.findingsAfter.map((finding) => [finding.code, finding.option])).toEqual(
      expect.arrayContaining([
        ['backup-check-disabled', 'backup-init-check'],
        ['pair-option-drift', 'backup-init-check'],
      ]),
    );
    // Both members changed together: the check is still off, but the pair no longer drifts.
    const pair = await operator.commands.dryRun.mutate({
      target: { kind: 'hosts', hostIds: [hosts.DRY_A!.id, hosts.DRY_B!.id] },
      values: { 'backup-init-check': 'false' },
    });
    for (const host of pair.hosts) {
      expect(host.findingsAfter.map((finding) => finding.code)).not.toContain('pair-option-drift');
      expect(host.findingsAfter.map((finding) => finding.code)).toContain('backup-check-disabled');
    }
    // An invalid value is refused, naming the option; nothing was written by any of this.
    await expect(
      operator.commands.dryRun.mutate({
        target: { kind: 'hosts', hostIds: [hosts.DRY_A!.id] },
        values: { [TIMEOUT]: '5' },
      }),
    ).rejects.toThrow(/backup-init-check-timeout/);
    const after = await Promise.all([
      dashboard.prisma.agentCommand.count(),
      dashboard.prisma.optionChange.count(),
      dashboard.prisma.auditEvent.count({ where: { action: 'option.change' } }),
    ]);
    expect(after).toEqual(before);
  });

  it('agrees host by host with what the agents then apply, also with a change queued to an offline agent', async () => {
    const operator = browserClient(dashboard.url, operatorCookie);
    const ids = ['DRY_A', 'DRY_B', 'DRY_C'].map((application) => hosts[application]!.id);
    // DRY_C's agent goes offline; a timeout change waits for it.
    await hosts.DRY_C!.agent!.stop();
    hosts.DRY_C!.agent = null;
    await waitFor(
      () =>
        dashboard.prisma.agent
          .findFirst({ where: { hostId: hosts.DRY_C!.id, connected: false } })
          .then((agent) => agent ?? undefined),
      'DRY_C offline',
    );
    const queued = await operator.commands.changeOptions.mutate({
      target: { kind: 'hosts', hostIds: [hosts.DRY_C!.id] },
      values: { [TIMEOUT]: '40' },
      confirmRestricted: true,
      reason: 'slow components on C',
    });

    const request = {
      target: { kind: 'hosts' as const, hostIds: ids },
      values: { [TIMEOUT]: '40', [PORT_CHECK]: 'false' },
      confirmRestricted: true,
      reason: 'fleet timeout',
    };
    // Two pages of two: the first with the totals, the second by its cursor.
    const first = await operator.commands.dryRun.mutate({ ...request, limit: 2 });
    expect(first.totals).toEqual({
      hosts: 3,
      changing: 3,
      unchanged: 0,
      withNewFindings: expect.any(Number),
    });
    expect(first.restricted).toEqual([TIMEOUT]);
    expect(first.nextCursor).not.toBeNull();
    const second = await operator.commands.dryRun.mutate({ ...request, limit: 2, cursor: first.nextCursor! });
    expect(second.totals).toBeNull();
    expect(second.nextCursor).toBeNull();
    const planned = new Map<string, TPlannedHostView>(
      [...first.hosts, ...second.hosts].map((host) => [host.hostId, host]),
    );
    expect([...first.hosts, ...second.hosts].map((host) => host.hostname)).toEqual([
      'dry_a.test',
      'dry_b.test',
      'dry_c.test',
    ]);
    // DRY_C compares with its queued timeout: only the port check changes there.
    expect(planned.get(hosts.DRY_C!.id)).toMatchObject({
      configured: { [TIMEOUT]: '15' },
      queued: { [TIMEOUT]: '40' },
      changes: [{ option: PORT_CHECK, from: null, to: 'false' }],
    });
    expect(planned.get(hosts.DRY_A!.id)!.changes).toEqual([
      { option: TIMEOUT, from: '15', to: '40' },
      { option: PORT_CHECK, from: null, to: 'false' },
    ]);

    const sent = await operator.commands.changeOptions.mutate(request);
    expect(sent).toMatchObject({ hosts: 3, unchanged: 0 });
    // The change records are the dry run's diff, host by host.
    const records = await dashboard.prisma.optionChange.findMany({
      where: { commandId: { in: sent.commandIds.map((id) => BigInt(id)) } },
      orderBy: { id: 'asc' },
    });
    for (const id of ids) {
      expect(
        records
          .filter((record) => record.hostId === id)
          .map((record) => ({ option: record.option, from: record.oldValue, to: record.newValue })),
      ).toEqual(planned.get(id)!.changes);
    }

    // DRY_C's agent comes back: both of its commands apply, in order.
    await startAgentOf('DRY_C');
    await allApplied([...queued.commandIds, ...sent.commandIds]);
    for (const application of ['DRY_A', 'DRY_B', 'DRY_C']) {
      const host = hosts[application]!;
      const text = await readFile(host.sim.optionsPath, 'utf8');
      const stored = await dashboard.prisma.host.findUniqueOrThrow({ where: { id: host.id } });
      for (const change of planned.get(host.id)!.changes) {
        expect(fileValue(text, change.option), `${application} ${change.option}`).toBe(change.to);
        expect((stored.configuredOptions as Record<string, string>)[change.option]).toBe(change.to);
      }
      expect(fileValue(text, TIMEOUT)).toBe('40');
    }
  });

  it('reverts a whole command, then one change, restoring every options file, audited', async () => {
    const operator = browserClient(dashboard.url, operatorCookie);
    const fleetChange = await dashboard.prisma.optionChange.findFirstOrThrow({
      where: { reason: 'fleet timeout' },
      orderBy: { id: 'asc' },
    });
    const fleetCommands = await dashboard.prisma.agentCommand.findMany({
      where: { optionChanges: { some: { reason: 'fleet timeout' } } },
      select: { id: true },
    });
    const reverted = await operator.commands.revert.mutate({
      commandIds: fleetCommands.map((command) => command.id.toString()),
    });
    expect(reverted.hosts).toBe(3);
    expect(reverted.revertedChangeIds).toContain(fleetChange.id.toString());
    await allApplied(reverted.commandIds);

    const texts = async (application: string) => readFile(hosts[application]!.sim.optionsPath, 'utf8');
    for (const application of ['DRY_A', 'DRY_B']) {
      // The timeout back to 15; the port check was not in the file: its default (what an absent key means).
      expect(fileValue(await texts(application), TIMEOUT)).toBe('15');
      expect(fileValue(await texts(application), PORT_CHECK)).toBe('true');
    }
    // DRY_C's timeout came from the earlier queued change, not this command: it stays 40.
    expect(fileValue(await texts('DRY_C'), TIMEOUT)).toBe('40');
    expect(fileValue(await texts('DRY_C'), PORT_CHECK)).toBe('true');

    // Each revert record names the change it reverts; the audit has before/after and the reverted ids.
    const revertRecords = await dashboard.prisma.optionChange.findMany({
      where: { commandId: { in: reverted.commandIds.map((id) => BigInt(id)) } },
    });
    expect(revertRecords).toHaveLength(5);
    for (const record of revertRecords) {
      const original = await dashboard.prisma.optionChange.findUniqueOrThrow({
        where: { id: record.revertsChangeId! },
      });
      expect(original).toMatchObject({
        hostId: record.hostId,
        option: record.option,
        newValue: record.oldValue,
      });
    }
    const audit = await dashboard.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'option.change', targetId: hosts.DRY_A!.id },
      orderBy: { id: 'desc' },
    });
    expect(audit.before).toEqual({ [TIMEOUT]: '40', [PORT_CHECK]: 'false' });
    expect(audit.after).toMatchObject({ [TIMEOUT]: '15', [PORT_CHECK]: 'true', reverts: expect.any(String) });

    // One change, one click: DRY_C's queued timeout change.
    const queuedChange = await dashboard.prisma.optionChange.findFirstOrThrow({
      where: { hostId: hosts.DRY_C!.id, reason: 'slow components on C' },
    });
    const single = await operator.commands.revert.mutate({ changeIds: [queuedChange.id.toString()] });
    expect(single.hosts).toBe(1);
    await allApplied(single.commandIds);
    expect(fileValue(await texts('DRY_C'), TIMEOUT)).toBe('15');
    // Reverting it again changes nothing: the host already has its previous value.
    const again = await operator.commands.revert.mutate({ changeIds: [queuedChange.id.toString()] });
    expect(again).toMatchObject({ hosts: 0, unchanged: 1, commandIds: [] });
    // The listing says which change a revert reverts.
    const listed = await operator.changes.list.query({ hostId: hosts.DRY_C!.id, limit: 1 });
    expect(listed.changes[0]).toMatchObject({ option: TIMEOUT, revertsChangeId: queuedChange.id.toString() });
    // Nothing to revert: a clear refusal.
    await expect(operator.commands.revert.mutate({ changeIds: ['999999999'] })).rejects.toThrow(
      /No option change matches/,
    );
  });
});
