import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserClient } from './fixtures';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

async function signInWith(url: string, email: string, password: string) {
  return fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email, password }),
  });
}

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');

describe('users, sign-in and the first admin', { timeout: 60_000 }, () => {
  let dashboard: TestDashboard;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  it('creates the first admin only with the one-time token printed on the server console', async () => {
    expect(dashboard.setupToken).toMatch(/^[\w-]{20,}$/);
    const anonymous = browserClient(dashboard.url);
    expect(await anonymous.session.me.query()).toEqual({ user: null, needsSetup: true });

    const admin = { email: 'Root@Example.test', name: 'Root', password: 'a long admin password' };
    await expect(
      anonymous.session.createFirstAdmin.mutate({ ...admin, setupToken: 'guessed-token' }),
    ).rejects.toThrow(/setup token is wrong or expired/);
    await expect(
      anonymous.session.createFirstAdmin.mutate({
        ...admin,
        password: 'short',
        setupToken: dashboard.setupToken!,
      }),
    ).rejects.toThrow(/at least 10 characters/);
    await anonymous.session.createFirstAdmin.mutate({ ...admin, setupToken: dashboard.setupToken! });
    await expect(
      anonymous.session.createFirstAdmin.mutate({
        ...admin,
        email: 'second@example.test',
        setupToken: dashboard.setupToken!,
      }),
    ).rejects.toThrow(/admin already exists/);

    const response = await signInWith(dashboard.url, 'root@example.test', admin.password);
    expect(response.status).toBe(200);
    const me = await browserClient(dashboard.url, cookieOf(response)).session.me.query();
    expect(me.user).toMatchObject({ email: 'root@example.test', role: 'admin' });
    expect(
      await dashboard.prisma.auditEvent.count({ where: { action: 'user.create', actorType: 'system' } }),
    ).toBe(1);
  });

  it('records sign-ins and failed sign-ins in the audit log', async () => {
    const failed = await signInWith(dashboard.url, 'root@example.test', 'not the password');
    expect(failed.status).toBe(401);
    expect(failed.headers.getSetCookie()).toHaveLength(0);
    const events = await dashboard.prisma.auditEvent.findMany({
      where: { action: { in: ['user.sign-in', 'user.sign-in-failed'] }, actorLabel: 'root@example.test' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.action)).toEqual(['user.sign-in', 'user.sign-in-failed']);
    expect(events[0]?.actorId).not.toBeNull();
    // The client's address, as the server saw the socket (not a header the client could forge).
    expect(events[1]?.ip).toMatch(/127\.0\.0\.1|::1/);
  });

  it('applies a role change or a disabled account at once, by ending the sessions', async () => {
    const admin = browserClient(dashboard.url, await dashboard.signIn('admin'));
    const { id } = await admin.admin.createUser.mutate({
      email: 'ops@example.test',
      name: 'Ops',
      password: 'ops password 123',
      role: 'viewer',
    });
    await expect(
      admin.admin.createUser.mutate({
        email: 'OPS@example.test',
        name: 'Dup',
        password: 'ops password 123',
        role: 'viewer',
      }),
    ).rejects.toThrow(/already exists/);

    let cookie = cookieOf(await signInWith(dashboard.url, 'ops@example.test', 'ops password 123'));
    const target = { kind: 'hosts' as const, hostIds: ['00000000-0000-4000-8000-000000000000'] };
    await expect(
      browserClient(dashboard.url, cookie).commands.runCheckNow.mutate({ target }),
    ).rejects.toThrow(/needs the operator role/);

    await admin.admin.updateUser.mutate({ userId: id, role: 'operator' });
    await expect(browserClient(dashboard.url, cookie).session.me.query()).resolves.toMatchObject({
      user: null,
    });
    cookie = cookieOf(await signInWith(dashboard.url, 'ops@example.test', 'ops password 123'));
    // Now an operator: the refusal is about the target, not the role.
    await expect(
      browserClient(dashboard.url, cookie).commands.runCheckNow.mutate({ target }),
    ).rejects.toThrow(/No host matches/);

    await admin.admin.updateUser.mutate({ userId: id, disabled: true });
    await expect(browserClient(dashboard.url, cookie).fleet.page.query({})).rejects.toThrow(/Sign in first/);
    const again = await signInWith(dashboard.url, 'ops@example.test', 'ops password 123');
    expect(again.ok).toBe(false);

    const audit = await dashboard.prisma.auditEvent.findMany({
      where: { action: 'user.update', targetId: id },
    });
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [
        { role: 'viewer', disabled: false, sessions: 1 },
        { role: 'operator', disabled: false, sessions: 0 },
      ],
      [
        { role: 'operator', disabled: false, sessions: 1 },
        { role: 'operator', disabled: true, sessions: 0 },
      ],
    ]);
  });
});
