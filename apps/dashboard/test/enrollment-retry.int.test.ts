// Enrollment is idempotent: the agent makes and keeps its credential before asking, so an answer lost
// after the dashboard committed costs nothing — the retry gets the same enrollment, no second use.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { authenticateAgent, enrollAgent } from '@standby/api';
import { errorCodeOf, newAgentCredential } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient, enrolledHost } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

/**
 * A TCP proxy in front of the dashboard that loses the answer to the first `agent.enroll` POST:
 * the request goes through, and when the dashboard's response starts coming back (it has
 * committed), the agent's connection is dropped instead of the bytes forwarded.
 */
class EnrollAnswerEater {
  url = '';
  /** Set once an answer was eaten. */
  eaten = false;
  private armed = true;
  private readonly open = new Set<net.Socket>();
  private server: net.Server | undefined;

  static async start(targetPort: number): Promise<EnrollAnswerEater> {
    const proxy = new EnrollAnswerEater();
    const server = net.createServer((client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        proxy.open.add(socket);
        socket.on('close', () => proxy.open.delete(socket));
        socket.on('error', () => {});
      }
      let swallowAnswer = false;
      client.on('data', (chunk: Buffer) => {
        if (proxy.armed && chunk.toString('latin1').includes('POST /api/trpc/agent.enroll')) {
          proxy.armed = false;
          swallowAnswer = true;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!swallowAnswer) return void client.write(chunk);
        proxy.eaten = true;
        client.resetAndDestroy();
        upstream.destroy();
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.server = server;
    proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('enrollment survives a lost answer', { timeout: 90_000 }, () => {
  let dashboard: TestDashboard;
  let dir: string;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-enroll-retry-'));
  });
  afterAll(async () => {
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  const usesLeftOf = async (token: string) =>
    (await dashboard.prisma.enrollmentToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } }))
      .usesLeft;

  it('answers a retry with the same credential as the same enrollment, spending one use', async () => {
    const token = await dashboard.enrollmentToken(3);
    const credential = newAgentCredential();
    const api = browserClient(dashboard.url);
    const input = { token, hostKey: 'retry.test/R', hostname: 'retry.test', application: 'R', credential };
    const first = await api.agent.enroll.mutate(input);
    const again = await api.agent.enroll.mutate(input); // the retry after the first answer was lost
    expect(first).toEqual({ credential, hostId: expect.any(String) });
    expect(again).toEqual(first);
    expect(await usesLeftOf(token)).toBe(2);
    const audit = await dashboard.prisma.auditEvent.findMany({
      where: { targetId: first.hostId, action: { startsWith: 'agent.' } },
    });
    expect(audit.map((row) => row.action)).toEqual(['agent.enroll']);
    expect(await authenticateAgent(dashboard.prisma, credential)).toMatchObject({ hostId: first.hostId });
    const stored = await dashboard.prisma.agent.findFirstOrThrow({ where: { hostId: first.hostId } });
    expect(stored.credentialHash).toBe(sha256(credential));

    // A different secret for that host is still a takeover attempt: refused, nothing spent.
    const takeover = { ...input, credential: newAgentCredential() };
    const refused = await api.agent.enroll.mutate(takeover).catch((error: unknown) => error);
    expect(errorCodeOf(refused)).toBe('FORBIDDEN');
    expect((refused as Error).message).toMatch(/already has an enrolled agent; an admin must revoke it/);
    // So is the right secret for another host, or with another token.
    for (const other of [
      { ...input, hostKey: 'elsewhere.test/E', hostname: 'elsewhere.test', application: 'E' },
      { ...input, token: await dashboard.enrollmentToken(1) },
    ]) {
      expect(errorCodeOf(await api.agent.enroll.mutate(other).catch((error: unknown) => error))).toBe(
        'FORBIDDEN',
      );
    }
    expect(await usesLeftOf(token)).toBe(2);
    // A malformed credential is refused by the router's input check.
    const malformed = await api.agent.enroll
      .mutate({ ...input, credential: 'sba_short' })
      .catch((error: unknown) => error);
    expect(errorCodeOf(malformed)).toBe('BAD_REQUEST');

    // Agents that send no credential still enroll, the dashboard making one (not retryable).
    const legacy = await api.agent.enroll.mutate({
      token,
      hostKey: 'legacy.test/L',
      hostname: 'legacy.test',
      application: 'L',
    });
    expect(legacy.credential).toMatch(/^sba_[A-Za-z0-9_-]{43}$/);
    expect(await usesLeftOf(token)).toBe(1);
  });

  it('never brings a revoked credential back, even on a retry', async () => {
    const token = await dashboard.enrollmentToken(2);
    const input = {
      token,
      hostKey: 'revoked.test/V',
      hostname: 'revoked.test',
      application: 'V',
      credential: newAgentCredential(),
    };
    const enrolled = await enrollAgent(dashboard.prisma, input, null);
    const admin = browserClient(dashboard.url, await dashboard.signIn('admin'));
    await admin.admin.revokeAgent.mutate({ agentId: enrolled.agentId });
    await expect(enrollAgent(dashboard.prisma, input, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await authenticateAgent(dashboard.prisma, input.credential)).toBeNull();
    // A new secret with the same token re-enrolls the host (the old agent is revoked).
    const fresh = await enrollAgent(dashboard.prisma, { ...input, credential: newAgentCredential() }, null);
    expect(fresh).toMatchObject({ agentId: enrolled.agentId, retried: false });
    expect(await usesLeftOf(token)).toBe(0);
  });

  it('concurrent tries with one credential make one enrollment', async () => {
    const token = await dashboard.enrollmentToken(1);
    const input = {
      token,
      hostKey: 'race.test/C',
      hostname: 'race.test',
      application: 'C',
      credential: newAgentCredential(),
    };
    const answers = await Promise.all([1, 2, 3].map(() => enrollAgent(dashboard.prisma, input, null)));
    expect(new Set(answers.map((answer) => answer.agentId)).size).toBe(1);
    expect(answers.filter((answer) => !answer.retried)).toHaveLength(1);
    expect(await usesLeftOf(token)).toBe(0);
  });

  it('an agent whose first enrollment answer is lost retries and ends enrolled and connected', async () => {
    const proxy = await EnrollAnswerEater.start(dashboard.port);
    const token = await dashboard.enrollmentToken(1);
    const host = await enrolledHost(
      dir,
      { url: proxy.url, enrollmentToken: async () => token },
      'SIPS_LOST_ANSWER',
    );
    const logs: string[] = [];
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: (l) => logs.push(l) });
    const tokenFile = path.join(path.dirname(host.configPath), 'agent.token');
    try {
      await waitFor(async () => (proxy.eaten ? true : undefined), 'the first answer eaten');
      // The dashboard committed; the agent saw a failure and kept its token and its pending secret.
      const hostRow = await waitFor(
        () =>
          dashboard.prisma.host
            .findFirst({ where: { application: 'SIPS_LOST_ANSWER' }, include: { agent: true } })
            .then((row) => (row?.agent ? row : undefined)),
        'enrollment committed',
      );
      expect(await usesLeftOf(token)).toBe(0);
      expect((await readFile(tokenFile, 'utf8')).trim()).toBe(token);
      const pendingFile = `${tokenFile}.enrolling`;
      const pending = JSON.parse(await readFile(pendingFile, 'utf8')) as { credential: string };
      expect((await stat(pendingFile)).mode & 0o777).toBe(0o600);
      expect(hostRow.agent?.credentialHash).toBe(sha256(pending.credential));

      // The retry (ENROLL_RETRY_MS later) gets the same enrollment, and the agent connects with it.
      await waitFor(
        () =>
          dashboard.prisma.agent
            .findFirst({ where: { hostId: hostRow.id, connected: true } })
            .then((row) => row ?? undefined),
        'agent connected',
        30_000,
      );
      expect((await readFile(tokenFile, 'utf8')).trim()).toBe(pending.credential);
      expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
      await expect(stat(pendingFile)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await dashboard.prisma.agent.count({ where: { hostId: hostRow.id } })).toBe(1);
      expect(
        await dashboard.prisma.auditEvent.count({ where: { targetId: hostRow.id, action: 'agent.enroll' } }),
      ).toBe(1);
      expect(logs.some((line) => line.startsWith('enrolled with the dashboard'))).toBe(true);
    } finally {
      await agent.stop();
      await host.dispose();
      await proxy.close();
    }
  });
});

function sha256(value: string): string {
  // Same stored form as the dashboard's (services/agent-credentials.ts: hashSecret).
  return createHash('sha256').update(value).digest('hex');
}
