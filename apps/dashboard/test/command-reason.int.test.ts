import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient, enrolledHost } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

describe('a command rejected with a long reason never sticks the command channel', {
  timeout: 90_000,
}, () => {
  let dashboard: TestDashboard;
  let dir: string;
  beforeAll(async () => {
    dashboard = await startTestDashboard();
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-reason-'));
  });
  afterAll(async () => {
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('acks a rejection whose reason is over 5,000 characters (cut), then delivers and applies the next command', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_REASON');
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const hostId = await waitFor(
        () =>
          dashboard.prisma.host
            .findFirst({ where: { application: 'SIPS_REASON', agent: { connected: true } } })
            .then((h) => h?.id),
        'agent connected',
      );
      // A command the agent must reject: 50 names it does not manage, each named in the reason.
      // (Written as an older or foreign dashboard node could have; this node validates before sending.)
      const values = Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [
          `not-an-option-${String(i).padStart(2, '0')}-${'x'.repeat(60)}`,
          'v',
        ]),
      );
      const rejected = await dashboard.prisma.agentCommand.create({
        data: { hostId, kind: 'set-options', payload: { values, reason: null, actor: null } },
      });
      // A valid change after it, through the operator API (this also wakes the host's command stream).
      const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
      const { commandIds } = await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds: [hostId] },
        values: { 'backup-sip-port-check': 'false' },
      });
      expect(commandIds).toHaveLength(1);

      const first = await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { id: rejected.id, state: 'rejected' } })
            .then((c) => c ?? undefined),
        'the rejection acked',
      );
      expect(first.stateReason?.length).toBe(1_000);
      expect(first.stateReason?.endsWith('…')).toBe(true);
      expect(first.stateReason).toMatch(/^not-an-option-00-x+: not an option Standby manages; /);

      const second = await waitFor(
        () =>
          dashboard.prisma.agentCommand
            .findFirst({ where: { hostId, id: { gt: rejected.id }, state: 'applied' } })
            .then((c) => c ?? undefined),
        'the next command applied',
      );
      expect(second.stateReason).toBeNull();
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-sip-port-check = false$/m);
    } finally {
      await agent.stop();
      await host.dispose();
    }
  });
});
