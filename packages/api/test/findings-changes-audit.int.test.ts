import { randomUUID } from 'node:crypto';
import { createHosts, createUserRow } from '@standby/db/testing';
import { suggestInitCheckTimeoutSec } from '@standby/domain';
import type { TAuditEventView, TFleetFinding, TOptionChangeView } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  refreshVerdicts,
  reportingHost,
  startTestDatabase,
  type TestDatabase,
  walkPages,
} from './test-database';

describe('findings.list, changes.list and audit.list on a real PostgreSQL', () => {
  let db: TestDatabase;
  let pairA: string;
  let pairB: string;
  let hosts: Record<'alpha1' | 'alpha2' | 'beta' | 'gamma' | 'delta', string>;
  /** The timeout the verdict suggests for alpha1's observed startup (80 s). */
  const suggestedTimeout = String(suggestInitCheckTimeoutSec(80_000));

  // findings.list is tested here for its SQL (keyset pages over Host.lastFindings, one row per host, code
  // and option), over findings the real path produced: hellos (registerAgentHost), results through the
  // ingest statement, a disconnect, and the verdict they evaluate (refreshHostVerdicts). Each member of a
  // pair runs the same options, so no pair drift adds findings.
  beforeAll(async () => {
    db = await startTestDatabase();
    const failing = { status: 'SERVICE_UNAVAILABLE' as const, readyAfterMs: [100, 200, null, 300] };
    // What the servers run with (effective), the same on every backup here.
    const options = { 'backup-init-check': 'true', 'backup-init-check-timeout': '60' };
    const alpha1 = await reportingHost(db, {
      // Two hosts share this name: the host id breaks the tie.
      hostKey: 'alpha01/SIPS_A1',
      hello: {
        pair: 'pair-a',
        // Two values SIP Server will not accept (invalid-option-value each); the default timeout (60 s)
        // is shorter than the startup observed below (timeout-below-startup).
        configuredOptions: {
          'backup-init-check': 'true',
          'backup-init-check-timeout': 'soon',
          'backup-sip-port-check': 'maybe',
        },
        effectiveOptions: options,
      },
      results: [
        { readyAfterMs: [1_000, 2_000, 3_000, 80_000], options, startedAt: new Date(Date.now() - 200_000) },
        { ...failing, options, startedAt: new Date(Date.now() - 100_000) },
      ],
    });
    const alpha2 = await reportingHost(db, {
      hostKey: 'alpha01/SIPS_A2',
      hello: {
        pair: 'pair-a',
        // The file turns the check off (backup-check-disabled) while the server still runs with it on.
        configuredOptions: { 'backup-init-check': 'false', 'backup-sip-port-check': 'false' },
        effectiveOptions: options,
      },
      results: [{ ...failing, options }],
    });
    const beta = await reportingHost(db, {
      hostKey: 'beta01/SIPS_B',
      // A primary with the check off and the port check on by default: port-check-inert, as info.
      hello: { pair: 'pair-b', mode: 'primary', configuredOptions: { 'backup-init-check': 'false' } },
      disconnected: true,
    });
    const delta = await reportingHost(db, {
      hostKey: 'delta01/SIPS_D',
      // Nothing to find.
      hello: { pair: 'pair-b', mode: 'primary', configuredOptions: { 'backup-init-check': 'true' } },
    });
    // A host whose agent never enrolled: agent-not-connected, and nothing else.
    const [gamma] = await createHosts(db.prisma, [
      { hostname: 'gamma01', application: 'SIPS_G', configuredOptions: { 'backup-init-check': 'true' } },
    ]);
    await refreshVerdicts(db, [gamma!]);
    hosts = { alpha1, alpha2, beta, gamma: gamma!, delta };
    const pairs = await db.prisma.haPair.findMany();
    pairA = pairs.find((pair) => pair.name === 'pair-a')!.id;
    pairB = pairs.find((pair) => pair.name === 'pair-b')!.id;
  });

  afterAll(async () => {
    await db?.dispose();
  });

  const viewer = () => db.callerAs('viewer');

  describe('findings.list', () => {
    /** The expected rows, in (hostname, host id, code, option) order. */
    function expectedFindings(): [string, string, string, string | null][] {
      const [firstAlpha, secondAlpha] = [hosts.alpha1, hosts.alpha2].sort();
      const alpha = (id: string): [string, string, string, string | null][] =>
        id === hosts.alpha1
          ? [
              ['alpha01', id, 'invalid-option-value', 'backup-init-check-timeout'],
              ['alpha01', id, 'invalid-option-value', 'backup-sip-port-check'],
              ['alpha01', id, 'last-check-failed', null],
              ['alpha01', id, 'timeout-below-startup', 'backup-init-check-timeout'],
            ]
          : [
              ['alpha01', id, 'backup-check-disabled', 'backup-init-check'],
              ['alpha01', id, 'last-check-failed', null],
            ];
      return [
        ...alpha(firstAlpha!),
        ...alpha(secondAlpha!),
        ['beta01', hosts.beta, 'agent-not-connected', null],
        ['beta01', hosts.beta, 'port-check-inert', 'backup-sip-port-check'],
        ['gamma01', hosts.gamma, 'agent-not-connected', null],
      ];
    }

    async function walkFindings(
      input: { severity?: 'critical' | 'warning' | 'info'; code?: string },
      limit: number,
    ) {
      const { items } = await walkPages<TFleetFinding>(async (cursor) => {
        const page = await viewer().findings.list({ ...input, limit, ...(cursor ? { cursor } : {}) });
        return { items: page.findings, nextCursor: page.nextCursor };
      }, limit);
      return items;
    }

    it('lists every current finding once per host, code and option, plus offline agents, across pages', async () => {
      const rows = await walkFindings({}, 2);
      expect(rows.map((row) => [row.hostname, row.hostId, row.code, row.option])).toEqual(expectedFindings());
      expect(await walkFindings({}, 500)).toEqual(rows);
    });

    it('carries the host, its pair, the message and the suggested value', async () => {
      const rows = await walkFindings({ code: 'timeout-below-startup' }, 10);
      expect(rows).toEqual([
        {
          hostId: hosts.alpha1,
          hostname: 'alpha01',
          pair: { id: pairA, name: 'pair-a' },
          code: 'timeout-below-startup',
          severity: 'warning',
          message: expect.stringMatching(/^backup-init-check-timeout is 60 s, shorter than the components/),
          option: 'backup-init-check-timeout',
          suggestedValue: suggestedTimeout,
        },
      ]);
      const offline = await walkFindings({ code: 'agent-not-connected' }, 10);
      expect(offline.map((row) => [row.hostId, row.pair?.name ?? null, row.severity])).toEqual([
        [hosts.beta, 'pair-b', 'warning'],
        [hosts.gamma, null, 'warning'],
      ]);
    });

    it('filters on severity', async () => {
      const critical = await walkFindings({ severity: 'critical' }, 1);
      expect(critical.map((row) => [row.hostId, row.code]).sort()).toEqual(
        [
          [hosts.alpha1, 'last-check-failed'],
          [hosts.alpha2, 'last-check-failed'],
        ].sort(),
      );
      const info = await walkFindings({ severity: 'info' }, 1);
      expect(info.map((row) => [row.hostId, row.code])).toEqual([[hosts.beta, 'port-check-inert']]);
    });
  });

  describe('changes.list', () => {
    let changeIds: bigint[];
    let commandIds: bigint[];

    beforeAll(async () => {
      await createUserRow(db.prisma, { id: 'u-op', name: 'Op', email: 'op@standby.test', role: 'operator' });
      const first = await db.prisma.agentCommand.create({
        data: { hostId: hosts.alpha1, kind: 'set-options', payload: {}, actorId: 'u-op' },
      });
      const second = await db.prisma.agentCommand.create({
        data: { hostId: hosts.beta, kind: 'set-options', payload: {}, actorId: 'u-gone' },
      });
      commandIds = [first.id, second.id];
      const rows = [
        {
          commandId: first.id,
          hostId: hosts.alpha1,
          option: 'backup-init-check',
          oldValue: 'false',
          newValue: 'true',
          actorId: 'u-op',
          reason: 'enable',
          state: 'applied',
        },
        {
          commandId: first.id,
          hostId: hosts.alpha1,
          option: 'backup-init-check-timeout',
          oldValue: null,
          newValue: '90',
          actorId: 'u-op',
          reason: 'slow start',
          state: 'pending-restart',
        },
        {
          commandId: second.id,
          hostId: hosts.beta,
          option: 'control-vip-scripts',
          oldValue: 'true',
          newValue: 'false',
          actorId: 'u-gone',
          reason: null,
          state: 'rejected',
          stateReason: 'file is read-only',
        },
        {
          commandId: second.id,
          hostId: hosts.beta,
          option: 'backup-sip-port-check',
          oldValue: 'true',
          newValue: 'false',
          actorId: null,
          reason: null,
          state: 'pending',
        },
      ];
      changeIds = [];
      for (const row of rows) changeIds.push((await db.prisma.optionChange.create({ data: row })).id);
    });

    async function walkChanges(
      input: { hostId?: string; pairId?: string; commandId?: string },
      limit: number,
    ) {
      const { items } = await walkPages<TOptionChangeView>(async (cursor) => {
        const page = await viewer().changes.list({ ...input, limit, ...(cursor ? { cursor } : {}) });
        return { items: page.changes, nextCursor: page.nextCursor };
      }, limit);
      return items;
    }

    it('lists changes newest first across pages, with host name and the actor’s email when known', async () => {
      const changes = await walkChanges({}, 3);
      expect(changes.map((change) => change.id)).toEqual([...changeIds].reverse().map(String));
      expect(changes.map((change) => change.actorEmail)).toEqual([
        null,
        null,
        'op@standby.test',
        'op@standby.test',
      ]);
      expect(changes[1]).toMatchObject({
        hostId: hosts.beta,
        hostname: 'beta01',
        commandId: String(commandIds[1]),
        option: 'control-vip-scripts',
        oldValue: 'true',
        newValue: 'false',
        actorId: 'u-gone',
        state: 'rejected',
        stateReason: 'file is read-only',
      });
      expect(Date.parse(changes[1]!.createdAt)).not.toBeNaN();
      expect(Date.parse(changes[1]!.updatedAt)).not.toBeNaN();
    });

    it('filters on host, pair and command', async () => {
      const byHost = await walkChanges({ hostId: hosts.alpha1 }, 10);
      expect(byHost.map((change) => change.option)).toEqual([
        'backup-init-check-timeout',
        'backup-init-check',
      ]);
      const byPair = await walkChanges({ pairId: pairB }, 1);
      expect(byPair.map((change) => change.id)).toEqual([changeIds[3], changeIds[2]].map(String));
      const byCommand = await walkChanges({ commandId: String(commandIds[0]) }, 10);
      expect(byCommand.map((change) => change.id)).toEqual([changeIds[1], changeIds[0]].map(String));
      expect(await walkChanges({ hostId: hosts.gamma }, 10)).toEqual([]);
    });
  });

  describe('audit.list', () => {
    let eventIds: bigint[];

    beforeAll(async () => {
      const events = [
        {
          actorType: 'user',
          actorId: 'u-op',
          actorLabel: 'op@standby.test',
          action: 'option.change',
          targetType: 'host',
          targetId: hosts.alpha1,
          before: { 'backup-init-check': 'false' },
          after: { 'backup-init-check': 'true' },
          ip: '10.0.0.1',
        },
        {
          actorType: 'user',
          actorId: 'u-admin',
          actorLabel: 'admin@standby.test',
          action: 'agent.enroll',
          targetType: 'host',
          targetId: hosts.beta,
        },
        { actorType: 'system', action: 'agent.revoke', targetType: 'agent', targetId: 'a-1' },
        {
          actorType: 'user',
          actorId: 'u-op',
          actorLabel: 'op@standby.test',
          action: 'option.change',
          targetType: 'host',
          targetId: hosts.beta,
          before: [1, 'two', null],
          after: 3,
        },
      ];
      eventIds = [];
      for (const data of events) eventIds.push((await db.prisma.auditEvent.create({ data })).id);
    });

    async function walkAudit(input: Record<string, string>, limit: number) {
      const { items } = await walkPages<TAuditEventView>(async (cursor) => {
        const page = await db
          .callerAs('operator')
          .audit.list({ ...input, limit, ...(cursor ? { cursor } : {}) });
        return { items: page.events, nextCursor: page.nextCursor };
      }, limit);
      return items;
    }

    it('lists events newest first across pages, with before and after as JSON', async () => {
      const events = await walkAudit({}, 3);
      expect(events.map((event) => event.id)).toEqual([...eventIds].reverse().map(String));
      expect(events[3]).toMatchObject({
        actorType: 'user',
        actorId: 'u-op',
        actorLabel: 'op@standby.test',
        action: 'option.change',
        before: { 'backup-init-check': 'false' },
        after: { 'backup-init-check': 'true' },
        ip: '10.0.0.1',
      });
      expect(events[0]).toMatchObject({ before: [1, 'two', null], after: 3 });
      expect(events[1]).toMatchObject({ actorId: null, before: null, after: null, ip: null });
    });

    it('filters on action, actor and target', async () => {
      expect((await walkAudit({ action: 'option.change' }, 1)).map((event) => event.id)).toEqual(
        [eventIds[3], eventIds[0]].map(String),
      );
      expect((await walkAudit({ actorId: 'u-admin' }, 5)).map((event) => event.action)).toEqual([
        'agent.enroll',
      ]);
      expect(
        (await walkAudit({ targetType: 'host', targetId: hosts.beta }, 5)).map((event) => event.action),
      ).toEqual(['option.change', 'agent.enroll']);
    });

    it('is for operators and admins: FORBIDDEN to a viewer, UNAUTHORIZED when not signed in', async () => {
      await expect(viewer().audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(db.callerFor(null).audit.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      expect((await db.callerAs('admin').audit.list({})).events).toHaveLength(4);
    });

    it('refuses a cursor of another listing', async () => {
      const changes = await viewer().changes.list({ limit: 1 });
      expect(changes.nextCursor).not.toBeNull();
      await expect(db.callerAs('operator').audit.list({ cursor: changes.nextCursor! })).rejects.toMatchObject(
        {
          code: 'BAD_REQUEST',
        },
      );
    });
  });

  it('answers UNAUTHORIZED to a caller who is not signed in', async () => {
    await expect(db.callerFor(null).findings.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(db.callerFor(null).changes.list({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(viewer().changes.list({ hostId: randomUUID() })).resolves.toEqual({
      changes: [],
      nextCursor: null,
    });
  });
});
