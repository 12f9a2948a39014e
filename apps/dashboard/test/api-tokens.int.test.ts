import { createHosts, createPair } from '@standby/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient } from './fixtures';
import { restRecorder } from './rest-client';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

/** Everything the process writes while the tests run: a token must never be among it. */
function captureOutput() {
  const written: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (originals[i] as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const consoles = methods.map((name) => console[name]);
  methods.forEach((name, i) => {
    console[name] = (...args: unknown[]) => {
      written.push(args.map(String).join(' '));
      consoles[i]!(...args);
    };
  });
  return {
    text: () => written.join('\n'),
    restore() {
      streams.forEach((stream, i) => {
        stream.write = originals[i] as typeof stream.write;
      });
      methods.forEach((name, i) => {
        console[name] = consoles[i]!;
      });
    },
  };
}

describe('scoped API tokens', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard;
  let api: string;
  let hostA: string;
  let hostB: string;
  let pairA: string;
  let adminCookie: string;
  const rest = restRecorder();
  const output = captureOutput();
  const tokens: string[] = [];

  /** A token made through the tokens router, as the tokens page does, with a session cookie. */
  async function makeToken(
    cookie: string,
    input: {
      scope: 'read' | 'operate' | 'admin';
      pairIds?: string[];
      ownerId?: string;
      expiresInDays?: number;
    },
  ) {
    const created = await browserClient(dashboard.url, cookie).tokens.create.mutate({
      name: `test ${input.scope}`,
      expiresInDays: 30,
      ...input,
    });
    tokens.push(created.token);
    return created;
  }
  const changeOn = (token: string, hostId: string, value = 'false') =>
    rest.call<{ code: string; message: string }>(`${api}/commands/change-options`, {
      method: 'POST',
      token,
      body: { target: { kind: 'hosts', hostIds: [hostId] }, values: { 'backup-sip-port-check': value } },
    });
  const userIdOf = async (cookie: string) =>
    (await browserClient(dashboard.url, cookie).session.me.query()).user!.id;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    api = `${dashboard.url}/api/v1`;
    pairA = await createPair(dashboard.prisma, 'PAIR_A');
    const pairB = await createPair(dashboard.prisma, 'PAIR_B');
    const ids = await createHosts(dashboard.prisma, [
      { hostname: 'a1.test', application: 'SIPS_A1', pairId: pairA, agent: {} },
      { hostname: 'b1.test', application: 'SIPS_B1', pairId: pairB, agent: {} },
    ]);
    [hostA, hostB] = [ids[0]!, ids[1]!];
    adminCookie = await dashboard.signIn('admin');
  });
  afterAll(async () => {
    output.restore();
    await dashboard?.dispose();
  });

  it('is shown once, stored hashed, and its use is audited with the token and its owner', async () => {
    const operatorCookie = await dashboard.signIn('operator');
    const created = await makeToken(operatorCookie, { scope: 'operate' });
    expect(created.token).toMatch(/^sbt_[A-Za-z0-9_-]{43}$/);
    const row = await dashboard.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const listed = await browserClient(dashboard.url, operatorCookie).tokens.list.query();
    expect(listed).toEqual([expect.objectContaining({ id: created.id, scope: 'operate', state: 'active' })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    expect((await changeOn(created.token, hostA)).status).toBe(200);
    const used = await dashboard.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.lastUsedAt).not.toBeNull();
    // Written at most once a minute: a second call leaves it as it was.
    expect((await rest.call(`${api}/me`, { token: created.token })).status).toBe(200);
    const again = await dashboard.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(again.lastUsedAt).toEqual(used.lastUsedAt);

    const audit = await dashboard.prisma.auditEvent.findMany({ where: { targetId: created.id } });
    expect(audit.map((event) => event.action).sort()).toEqual(['api-token.create', 'api-token.use']);
    const use = audit.find((event) => event.action === 'api-token.use')!;
    expect(use.actorId).toBe(row.userId);
    expect(use.actorLabel).toContain(created.id);
    expect(use.after).toEqual({ procedure: 'commands.changeOptions', outcome: 'ok' });
    // The change's own audit row names the token beside its owner.
    const change = await dashboard.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'option.change', targetId: hostA },
    });
    expect(change.actorId).toBe(row.userId);
    expect(change.actorLabel).toContain(`API token ${created.id}`);
  });

  it('refuses a change to a read-scoped token (403 FORBIDDEN), even an admin’s', async () => {
    const { token } = await makeToken(adminCookie, { scope: 'read' });
    expect((await rest.call(`${api}/hosts/${hostA}`, { token })).status).toBe(200);
    const refused = await changeOn(token, hostA, 'true');
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('FORBIDDEN');
    expect(refused.json.message).toMatch(/operator role.*API token/);
    const use = await dashboard.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'api-token.use' },
      orderBy: { id: 'desc' },
    });
    expect(use.after).toEqual({ procedure: 'commands.changeOptions', outcome: 'FORBIDDEN' });
  });

  it('refuses a revoked token at once (401), and an expired one', async () => {
    const operatorCookie = await dashboard.signIn('operator');
    const created = await makeToken(operatorCookie, { scope: 'operate' });
    expect((await rest.call(`${api}/me`, { token: created.token })).status).toBe(200);
    const revoked = await browserClient(dashboard.url, operatorCookie).tokens.revoke.mutate({
      tokenId: created.id,
    });
    expect(revoked).toEqual({ revoked: true });
    const after = await changeOn(created.token, hostA);
    expect(after).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED' } });
    expect(
      await dashboard.prisma.auditEvent.count({
        where: { action: 'api-token.revoke', targetId: created.id },
      }),
    ).toBe(1);

    const expiring = await makeToken(operatorCookie, { scope: 'read' });
    await dashboard.prisma.apiToken.update({
      where: { id: expiring.id },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    expect(await rest.call(`${api}/me`, { token: expiring.token })).toMatchObject({
      status: 401,
      json: { code: 'UNAUTHORIZED' },
    });
    const listed = await browserClient(dashboard.url, operatorCookie).tokens.list.query();
    expect(listed.map((token) => token.state).sort()).toEqual(['expired', 'revoked']);
    // An unknown token is refused the same way, on tRPC too.
    expect(await rest.call(`${api}/me`, { token: `sbt_${'x'.repeat(43)}` })).toMatchObject({ status: 401 });
    const trpc = await fetch(`${dashboard.url}/api/trpc/session.me`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    rest.bodies.push(await trpc.clone().text());
    expect(trpc.status).toBe(401);
  });

  it('never exceeds its owner: no admin scope for an operator, none for someone else unless admin', async () => {
    const operatorCookie = await dashboard.signIn('operator');
    const operator = browserClient(dashboard.url, operatorCookie);
    await expect(
      operator.tokens.create.mutate({ name: 'x', scope: 'admin', expiresInDays: 1 }),
    ).rejects.toMatchObject({
      data: { code: 'FORBIDDEN' },
    });
    const viewerCookie = await dashboard.signIn('viewer');
    const viewerId = await userIdOf(viewerCookie);
    await expect(
      operator.tokens.create.mutate({ name: 'x', scope: 'read', expiresInDays: 1, ownerId: viewerId }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    // Expiry is required and bounded.
    await expect(
      operator.tokens.create.mutate({ name: 'x', scope: 'read', expiresInDays: 400 }),
    ).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
    });
    // An admin makes a viewer's read token, but not an operate one.
    const forViewer = await makeToken(adminCookie, { scope: 'read', ownerId: viewerId });
    expect(
      ((await rest.call(`${api}/me`, { token: forViewer.token })).json as { user: { id: string } }).user.id,
    ).toBe(viewerId);
    await expect(
      browserClient(dashboard.url, adminCookie).tokens.create.mutate({
        name: 'x',
        scope: 'operate',
        expiresInDays: 1,
        ownerId: viewerId,
      }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
  });

  it('loses power with its owner: demoted at once, disabled stops working', async () => {
    const operatorCookie = await dashboard.signIn('operator');
    const operatorId = await userIdOf(operatorCookie);
    const { token } = await makeToken(operatorCookie, { scope: 'operate' });
    expect((await changeOn(token, hostA, 'true')).status).toBe(200);

    const admin = browserClient(dashboard.url, adminCookie);
    await admin.admin.updateUser.mutate({ userId: operatorId, role: 'viewer' });
    expect(await changeOn(token, hostA, 'false')).toMatchObject({ status: 403, json: { code: 'FORBIDDEN' } });
    expect((await rest.call(`${api}/hosts/${hostA}`, { token })).status).toBe(200);

    await admin.admin.updateUser.mutate({ userId: operatorId, disabled: true });
    expect(await rest.call(`${api}/hosts/${hostA}`, { token })).toMatchObject({
      status: 401,
      json: { code: 'UNAUTHORIZED' },
    });
  });

  it('keeps a pair-limited token to the hosts of its pairs', async () => {
    const { token } = await makeToken(adminCookie, { scope: 'operate', pairIds: [pairA] });
    expect((await rest.call(`${api}/hosts/${hostA}`, { token })).status).toBe(200);
    expect(await rest.call(`${api}/hosts/${hostB}`, { token })).toMatchObject({
      status: 403,
      json: { code: 'FORBIDDEN' },
    });
    expect((await rest.call(`${api}/hosts/${hostB}/runs`, { token })).status).toBe(403);
    expect((await changeOn(token, hostA, 'true')).status).toBe(200);
    expect((await changeOn(token, hostB)).status).toBe(403);
    const bothHosts = await rest.call(`${api}/commands/run-check`, {
      method: 'POST',
      token,
      body: { target: { kind: 'hosts', hostIds: [hostA, hostB] } },
    });
    expect(bothHosts.status).toBe(403);
    const wholeFleet = await rest.call(`${api}/commands/run-check`, {
      method: 'POST',
      token,
      body: { target: { kind: 'filter', filter: {} } },
    });
    expect(wholeFleet.status).toBe(403);

    // Fleet reads only with the pair in the filter; and then only that pair's hosts.
    expect((await rest.call(`${api}/fleet/search`, { method: 'POST', token, body: {} })).status).toBe(403);
    const page = await rest.call<{ hosts: { id: string }[] }>(`${api}/fleet/search`, {
      method: 'POST',
      token,
      body: { filter: { pairId: pairA } },
    });
    expect(page.status).toBe(200);
    expect(page.json.hosts.map((host) => host.id)).toEqual([hostA]);
    // Fleet-wide reads cannot be narrowed to a pair: refused.
    expect((await rest.call(`${api}/findings`, { token })).status).toBe(403);
    expect((await rest.call(`${api}/audit`, { token })).status).toBe(403);
    expect((await rest.call(`${api}/export/fleet-audit`, { token })).status).toBe(403);
    expect((await rest.call(`${api}/option-changes?hostId=${hostB}`, { token })).status).toBe(403);
    expect((await rest.call(`${api}/option-changes?hostId=${hostA}`, { token })).status).toBe(200);
  });

  it('never writes a token to the logs or the audit log, and never answers with internals', async () => {
    expect(tokens.length).toBeGreaterThan(5);
    const logged = output.text();
    const audit = JSON.stringify(
      await dashboard.prisma.auditEvent.findMany({ select: { actorLabel: true, before: true, after: true } }),
    );
    for (const token of tokens) {
      expect(logged).not.toContain(token);
      expect(audit).not.toContain(token);
    }
    rest.expectNoInternals();
  });
});
