import { createHmac } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { ACCOUNT_SIGN_IN_RULE, ADDRESS_SIGN_IN_RULE, createAuth, createUser } from '@standby/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient } from './fixtures';
import { TEST_AUTH_SECRET } from './test-auth-secret';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

const PASSWORD = 'correct horse battery';

/** A raw HTTP request: fetch() would normalize `..` and case tricks away before they reach the server. */
function rawRequest(
  url: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method: options.method,
        path: options.path,
        headers: {
          origin: url,
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function signIn(url: string, email: string, password: string, from?: string) {
  return fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: url,
      ...(from ? { 'x-forwarded-for': from } : {}),
    },
    body: JSON.stringify({ email, password }),
  });
}

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');

/** Everything an account change could touch, to prove a refused request changed nothing. */
async function accountState(dashboard: TestDashboard) {
  const [users, accounts, sessions] = await Promise.all([
    dashboard.prisma.user.findMany({ orderBy: { id: 'asc' } }),
    dashboard.prisma.account.findMany({ orderBy: { id: 'asc' } }),
    dashboard.prisma.session.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return { users, accounts, sessions };
}

describe('authentication hardening', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard;
  let adminCookie: string;
  let adminId: string;
  let victimId: string;

  beforeAll(async () => {
    // Behind a "proxy" on 127.0.0.1: X-Forwarded-For then names the client, so tests can sign in
    // from many addresses.
    dashboard = await startTestDashboard({ trustedProxies: ['127.0.0.1'] });
    adminId = (
      await createUser(dashboard.prisma, {
        email: 'root@hardening.test',
        name: 'Root',
        password: PASSWORD,
        role: 'admin',
      })
    ).id;
    victimId = (
      await createUser(dashboard.prisma, {
        email: 'victim@hardening.test',
        name: 'V',
        password: PASSWORD,
        role: 'viewer',
      })
    ).id;
    const response = await signIn(dashboard.url, 'root@hardening.test', PASSWORD, '10.1.0.1');
    expect(response.status).toBe(200);
    adminCookie = cookieOf(response);
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  describe("better-auth's own endpoints", () => {
    const blocked: { method: string; path: string; body?: unknown }[] = [
      {
        method: 'POST',
        path: '/api/auth/admin/create-user',
        body: { email: 'x@y.test', password: 'abc', name: 'x', role: 'admin' },
      },
      { method: 'POST', path: '/api/auth/admin/set-role', body: { userId: 'VICTIM', role: 'admin' } },
      {
        method: 'POST',
        path: '/api/auth/admin/set-user-password',
        body: { userId: 'VICTIM', newPassword: 'abc' },
      },
      { method: 'POST', path: '/api/auth/admin/ban-user', body: { userId: 'VICTIM' } },
      { method: 'POST', path: '/api/auth/admin/unban-user', body: { userId: 'VICTIM' } },
      { method: 'POST', path: '/api/auth/admin/impersonate-user', body: { userId: 'VICTIM' } },
      {
        method: 'POST',
        path: '/api/auth/admin/update-user',
        body: { userId: 'VICTIM', data: { role: 'admin' } },
      },
      { method: 'POST', path: '/api/auth/admin/remove-user', body: { userId: 'VICTIM' } },
      { method: 'POST', path: '/api/auth/admin/revoke-user-sessions', body: { userId: 'VICTIM' } },
      { method: 'GET', path: '/api/auth/admin/list-users' },
      { method: 'POST', path: '/api/auth/update-user', body: { name: 'renamed' } },
      {
        method: 'POST',
        path: '/api/auth/change-password',
        body: { currentPassword: PASSWORD, newPassword: 'abc' },
      },
      { method: 'POST', path: '/api/auth/change-email', body: { newEmail: 'new@hardening.test' } },
      { method: 'POST', path: '/api/auth/delete-user', body: { password: PASSWORD } },
      {
        method: 'POST',
        path: '/api/auth/sign-up/email',
        body: { email: 'new@y.test', password: 'abc', name: 'n' },
      },
      { method: 'POST', path: '/api/auth/revoke-sessions', body: {} },
      { method: 'GET', path: '/api/auth/list-sessions' },
      { method: 'GET', path: '/api/auth/get-session' },
      // Spelling tricks that a router might resolve to a blocked endpoint.
      {
        method: 'POST',
        path: '/api/auth/sign-in/email/../../admin/set-role',
        body: { userId: 'VICTIM', role: 'admin' },
      },
      { method: 'POST', path: '/api/auth/admin/set-role/', body: { userId: 'VICTIM', role: 'admin' } },
      { method: 'POST', path: '/api/auth//admin/set-role', body: { userId: 'VICTIM', role: 'admin' } },
      { method: 'POST', path: '/api/auth/Admin/Set-Role', body: { userId: 'VICTIM', role: 'admin' } },
      { method: 'POST', path: '/api/auth/admin/%73et-role', body: { userId: 'VICTIM', role: 'admin' } },
      { method: 'GET', path: '/api/auth/sign-in/email' },
    ];

    it.each(blocked)('$method $path answers 404 and changes nothing', async (endpoint) => {
      const before = await accountState(dashboard);
      const body = JSON.parse(JSON.stringify(endpoint.body ?? null).replaceAll('VICTIM', victimId));
      const response = await rawRequest(dashboard.url, {
        method: endpoint.method,
        path: endpoint.path,
        headers: { cookie: adminCookie, 'x-forwarded-for': '10.1.0.1' },
        ...(endpoint.body === undefined ? {} : { body }),
      });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.headers['set-cookie']).toBeUndefined();
      const answer = JSON.parse(response.body);
      expect(Object.keys(answer).sort()).toEqual(['code', 'message']);
      expect(answer.code).toBe('NOT_FOUND');
      expect(await accountState(dashboard)).toEqual(before);
      // The admin is still signed in, and still the admin.
      expect((await browserClient(dashboard.url, adminCookie).session.me.query()).user).toMatchObject({
        id: adminId,
        role: 'admin',
      });
    });

    it('refuses impersonation and admin acts even when called from server code', async () => {
      const auth = createAuth(dashboard.prisma, { secret: TEST_AUTH_SECRET, baseURL: dashboard.url });
      const headers = new Headers({ cookie: adminCookie });
      const before = await accountState(dashboard);
      await expect(auth.api.impersonateUser({ body: { userId: victimId }, headers })).rejects.toMatchObject({
        statusCode: 403,
      });
      await expect(
        auth.api.setRole({ body: { userId: victimId, role: 'admin' }, headers }),
      ).rejects.toMatchObject({
        statusCode: 403,
      });
      await expect(
        auth.api.setUserPassword({ body: { userId: victimId, newPassword: 'abc' }, headers }),
      ).rejects.toMatchObject({ statusCode: 403 });
      await expect(auth.api.banUser({ body: { userId: victimId }, headers })).rejects.toMatchObject({
        statusCode: 403,
      });
      // better-auth lets server code create users without a session: Standby refuses that too.
      await expect(
        auth.api.createUser({ body: { email: 'server@hardening.test', password: 'abc', name: 's' } }),
      ).rejects.toThrow();
      expect(await accountState(dashboard)).toEqual(before);
      expect(await dashboard.prisma.session.count({ where: { impersonatedBy: { not: null } } })).toBe(0);
    });

    it('audits sign-out, and the signed-out cookie no longer works', async () => {
      const response = await signIn(dashboard.url, 'victim@hardening.test', PASSWORD, '10.1.0.9');
      expect(response.status).toBe(200);
      const cookie = cookieOf(response);
      const out = await fetch(`${dashboard.url}/api/auth/sign-out`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: dashboard.url,
          cookie,
          'x-forwarded-for': '10.1.0.9',
        },
        body: '{}',
      });
      expect(out.status).toBe(200);
      expect((await browserClient(dashboard.url, cookie).session.me.query()).user).toBeNull();
      const row = await dashboard.prisma.auditEvent.findFirst({
        where: { action: 'user.sign-out', targetId: victimId },
      });
      expect(row).toMatchObject({ actorId: victimId, actorLabel: 'victim@hardening.test', ip: '10.1.0.9' });
    });
  });

  describe("Standby's own user admin", () => {
    it('audits create, role change, disable, set password and ending sessions with before and after', async () => {
      const admin = browserClient(dashboard.url, adminCookie);
      const { id } = await admin.admin.createUser.mutate({
        email: 'audited@hardening.test',
        name: 'Audited',
        password: PASSWORD,
        role: 'viewer',
      });
      const signedIn = cookieOf(await signIn(dashboard.url, 'audited@hardening.test', PASSWORD, '10.2.0.1'));
      await admin.admin.updateUser.mutate({ userId: id, role: 'operator' });
      await admin.admin.setUserPassword.mutate({ userId: id, password: 'a new long password' });
      expect((await signIn(dashboard.url, 'audited@hardening.test', PASSWORD, '10.2.0.1')).status).toBe(401);
      const again = await signIn(dashboard.url, 'audited@hardening.test', 'a new long password', '10.2.0.1');
      expect(again.status).toBe(200);
      expect(await admin.admin.endUserSessions.mutate({ userId: id })).toEqual({ ended: 1 });
      expect((await browserClient(dashboard.url, cookieOf(again)).session.me.query()).user).toBeNull();
      expect((await browserClient(dashboard.url, signedIn).session.me.query()).user).toBeNull();
      await admin.admin.updateUser.mutate({ userId: id, disabled: true });

      const rows = await dashboard.prisma.auditEvent.findMany({
        where: { targetId: id, action: { notIn: ['user.sign-in', 'user.sign-in-failed'] } },
        orderBy: { id: 'asc' },
      });
      expect(rows.map((row) => [row.action, row.actorId, row.before, row.after])).toEqual([
        ['user.create', adminId, null, { email: 'audited@hardening.test', role: 'viewer' }],
        [
          'user.update',
          adminId,
          { role: 'viewer', disabled: false, sessions: 1 },
          { role: 'operator', disabled: false, sessions: 0 },
        ],
        [
          'user.set-password',
          adminId,
          { email: 'audited@hardening.test', sessions: 0 },
          { email: 'audited@hardening.test', passwordChanged: true, sessions: 0 },
        ],
        [
          'user.end-sessions',
          adminId,
          { email: 'audited@hardening.test', sessions: 1 },
          { email: 'audited@hardening.test', sessions: 0 },
        ],
        [
          'user.update',
          adminId,
          { role: 'operator', disabled: false, sessions: 0 },
          { role: 'operator', disabled: true, sessions: 0 },
        ],
      ]);
      // No password and no hash in any audit row.
      const { password: hash } = await dashboard.prisma.account.findFirstOrThrow({ where: { userId: id } });
      const audited = JSON.stringify(rows.map((row) => [row.before, row.after]));
      expect(hash).toBeTruthy();
      expect(audited).not.toContain(hash!);
      expect(audited).not.toContain('a new long password');
    });

    it('refuses a short or an overlong password on every path, naming the field', async () => {
      const admin = browserClient(dashboard.url, adminCookie);
      for (const password of ['abc', 'x'.repeat(9), 'x'.repeat(129)]) {
        await expect(
          admin.admin.createUser.mutate({
            email: 'short@hardening.test',
            name: 'S',
            password,
            role: 'viewer',
          }),
        ).rejects.toThrow(/password|characters/);
        await expect(admin.admin.setUserPassword.mutate({ userId: victimId, password })).rejects.toThrow(
          /password|characters/,
        );
        // The services themselves, for callers without a router (scripts, the demo).
        await expect(
          createUser(dashboard.prisma, {
            email: 'short@hardening.test',
            name: 'S',
            password,
            role: 'viewer',
          }),
        ).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message: expect.stringMatching(/^password: at (least 10|most 128) characters/),
        });
      }
      expect(await dashboard.prisma.user.count({ where: { email: 'short@hardening.test' } })).toBe(0);
      // The victim's password is unchanged: it still signs in.
      expect((await signIn(dashboard.url, 'victim@hardening.test', PASSWORD, '10.3.0.1')).status).toBe(200);
    });
  });

  describe('sign-in limits', () => {
    it('stops guessing one account from any address, while others sign in from the same addresses', async () => {
      await createUser(dashboard.prisma, {
        email: 'target@hardening.test',
        name: 'T',
        password: PASSWORD,
        role: 'viewer',
      });
      await createUser(dashboard.prisma, {
        email: 'colleague@hardening.test',
        name: 'C',
        password: PASSWORD,
        role: 'viewer',
      });
      for (let attempt = 0; attempt < ACCOUNT_SIGN_IN_RULE.maxFailures; attempt++) {
        const from = attempt % 2 ? '10.4.0.1' : '10.4.0.2';
        expect((await signIn(dashboard.url, 'target@hardening.test', `wrong ${attempt}`, from)).status).toBe(
          401,
        );
      }
      // Even the right password, from a fresh address: the account is out of budget.
      const refused = await signIn(dashboard.url, 'Target@Hardening.test', PASSWORD, '10.4.0.3');
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(ACCOUNT_SIGN_IN_RULE.windowSeconds - 60);
      expect(retryAfter).toBeLessThanOrEqual(ACCOUNT_SIGN_IN_RULE.windowSeconds);
      expect(await refused.json()).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        message: expect.stringMatching(/Too many failed sign-ins for this account\. Try again in 15 minutes/),
      });
      expect(refused.headers.getSetCookie()).toHaveLength(0);

      // Another account, from the very addresses the guesses came from, signs in.
      for (const from of ['10.4.0.1', '10.4.0.3']) {
        expect((await signIn(dashboard.url, 'colleague@hardening.test', PASSWORD, from)).status).toBe(200);
      }
      expect(
        await dashboard.prisma.auditEvent.count({
          where: { action: 'user.sign-in-throttled', actorLabel: 'target@hardening.test', ip: '10.4.0.3' },
        }),
      ).toBe(1);
      // A refused attempt is not a failed sign-in (the password was never checked).
      expect(
        await dashboard.prisma.auditEvent.count({
          where: { action: 'user.sign-in-failed', actorLabel: 'target@hardening.test', ip: '10.4.0.3' },
        }),
      ).toBe(0);

      // When the window has passed, the owner signs in again.
      await dashboard.prisma.$executeRaw`
        UPDATE "SignInThrottle" SET "windowStartedAt" = now() - interval '16 minutes'
        WHERE email = 'target@hardening.test'`;
      expect((await signIn(dashboard.url, 'target@hardening.test', PASSWORD, '10.4.0.3')).status).toBe(200);
    });

    it('lets no more than the budget of parallel guesses through, for an account that does not exist too', async () => {
      const answers = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          signIn(dashboard.url, 'nobody@hardening.test', `guess ${i}`, `10.5.0.${i + 1}`),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses.filter((status) => status === 401)).toHaveLength(ACCOUNT_SIGN_IN_RULE.maxFailures);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15 - ACCOUNT_SIGN_IN_RULE.maxFailures);
    });

    it('a success does not refill the budget of guesses', async () => {
      await createUser(dashboard.prisma, {
        email: 'owner@hardening.test',
        name: 'O',
        password: PASSWORD,
        role: 'viewer',
      });
      for (let attempt = 0; attempt < ACCOUNT_SIGN_IN_RULE.maxFailures - 1; attempt++) {
        expect((await signIn(dashboard.url, 'owner@hardening.test', 'wrong', '10.6.0.1')).status).toBe(401);
      }
      expect((await signIn(dashboard.url, 'owner@hardening.test', PASSWORD, '10.6.0.2')).status).toBe(200);
      expect((await signIn(dashboard.url, 'owner@hardening.test', 'wrong', '10.6.0.1')).status).toBe(401);
      expect((await signIn(dashboard.url, 'owner@hardening.test', PASSWORD, '10.6.0.2')).status).toBe(429);
    });

    it('keeps a per-address limit, generous enough for a shared NAT', async () => {
      const from = '10.7.0.1';
      const statuses: number[] = [];
      // Many colleagues behind one address, each with their own (here: unknown) account.
      for (let i = 0; i < ADDRESS_SIGN_IN_RULE.max + 1; i++) {
        statuses.push((await signIn(dashboard.url, `colleague${i}@nat.test`, 'wrong password', from)).status);
      }
      expect(statuses.slice(0, ADDRESS_SIGN_IN_RULE.max).every((status) => status === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      // Another address is not affected.
      expect((await signIn(dashboard.url, 'colleague@hardening.test', PASSWORD, '10.7.0.2')).status).toBe(
        200,
      );
    });
  });

  describe('session cookies', () => {
    it('refuses a token read from the database unless it carries the signature of the secret', async () => {
      const response = await signIn(dashboard.url, 'victim@hardening.test', PASSWORD, '10.8.0.1');
      expect(response.status).toBe(200);
      const session = await dashboard.prisma.session.findFirstOrThrow({
        where: { userId: victimId },
        orderBy: { createdAt: 'desc' },
      });
      const me = (value: string) =>
        browserClient(dashboard.url, `better-auth.session_token=${value}`).session.me.query();
      const sign = (secret: string) =>
        encodeURIComponent(
          `${session.token}.${createHmac('sha256', secret).update(session.token).digest('base64')}`,
        );

      expect((await me(session.token)).user).toBeNull();
      expect((await me(`${session.token}.AAAA`)).user).toBeNull();
      expect((await me(sign('a guessed secret that is long enough to be one'))).user).toBeNull();
      // The same token signed with the real secret works: the refusals above are about the signature.
      expect((await me(sign(TEST_AUTH_SECRET))).user).toMatchObject({ id: victimId });
    });
  });
});

describe('the cookie secret kept outside the database', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard | undefined;
  afterAll(async () => {
    await dashboard?.dispose();
  });

  it('lives in a 0600 file beside the data, survives a restart, and the old database row is removed', async () => {
    dashboard = await startTestDashboard({ authSecret: null, keepDir: true });
    const { dir } = dashboard;
    const file = path.join(dir, 'auth-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const secret = (await readFile(file, 'utf8')).trim();
    expect(secret.length).toBeGreaterThanOrEqual(32);

    // A first admin with a short password is refused here too.
    const anonymous = browserClient(dashboard.url);
    await expect(
      anonymous.session.createFirstAdmin.mutate({
        setupToken: dashboard.setupToken!,
        email: 'first@secret.test',
        name: 'First',
        password: 'abc',
      }),
    ).rejects.toThrow(/at least 10 characters/);

    const cookie = await dashboard.signIn('admin');
    const verification = await dashboard.prisma.verification.findMany();
    expect(JSON.stringify(verification)).not.toContain(secret);
    // What an older version left behind.
    await dashboard.prisma.verification.create({
      data: {
        id: 'standby-auth-secret',
        identifier: 'standby-auth-secret',
        value: 'x'.repeat(43),
        expiresAt: new Date('9999-01-01'),
      },
    });
    await dashboard.prisma.$disconnect();
    await dashboard.close();

    dashboard = await startTestDashboard({ authSecret: null, dir });
    expect((await readFile(file, 'utf8')).trim()).toBe(secret);
    expect(await dashboard.prisma.verification.count({ where: { id: 'standby-auth-secret' } })).toBe(0);
    expect((await browserClient(dashboard.url, cookie).session.me.query()).user).toMatchObject({
      role: 'admin',
    });
  });
});
