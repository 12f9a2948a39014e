import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase, testUser } from './test-database';

// The admin rules live in services (user-admin.ts, agent-admin.ts, enrollment.ts) and refuse with
// AppError codes; the routers only validate and call them. Checked here through the real routers.
describe('user and agent administration', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('refuses a taken email with CONFLICT and writes one audit row per user created', async () => {
    const admin = db.callerAs('admin');
    const input = {
      email: 'Dup@Example.test',
      name: 'Dup',
      password: 'a long password 1',
      role: 'viewer' as const,
    };
    const { id } = await admin.admin.createUser(input);
    await expect(admin.admin.createUser({ ...input, email: 'dup@example.test' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already exists/),
    });
    const audit = await db.prisma.auditEvent.findMany({ where: { action: 'user.create', targetId: id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'user',
      actorId: testUser('admin').id,
      actorLabel: testUser('admin').email,
      after: { email: 'dup@example.test', role: 'viewer' },
    });
    expect(await db.prisma.user.count({ where: { email: 'dup@example.test' } })).toBe(1);
  });

  it('lets nobody demote or disable themselves, and names an unknown user NOT_FOUND', async () => {
    const admin = db.callerAs('admin');
    const self = testUser('admin').id;
    for (const change of [{ role: 'operator' as const }, { disabled: true }]) {
      await expect(admin.admin.updateUser({ userId: self, ...change })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'You cannot demote or disable yourself.',
      });
    }
    await expect(admin.admin.updateUser({ userId: 'nobody', role: 'viewer' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await db.prisma.auditEvent.count({ where: { action: 'user.update' } })).toBe(0);
  });

  it('refuses an unknown enrollment token with FORBIDDEN, and revoking an unknown agent revokes nothing', async () => {
    const enroll = db.callerFor(null).agent.enroll({
      token: 'sbe_unknown',
      hostKey: 'x.test/X',
      hostname: 'x.test',
      application: 'X',
    });
    await expect(enroll).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/used up/),
    });
    expect(await db.callerAs('admin').admin.revokeAgent({ agentId: randomUUID() })).toEqual({
      revoked: false,
    });
  });
});
