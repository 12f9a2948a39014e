import { revokeAgent } from '@standby/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportingHost, startTestDatabase, type TestDatabase } from './test-database';

describe('fleet.agentVersions: version skew from what agents report in their hello', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(() => db?.dispose());

  it('counts each version, newest first, and the agents behind the newest', async () => {
    const viewer = db.callerAs('viewer');
    expect((await viewer.fleet.agentVersions()).newest).toBeNull();

    await reportingHost(db, { hostKey: 'sk-a/SIPS', hello: { agentVersion: '0.5.0' } });
    await reportingHost(db, { hostKey: 'sk-b/SIPS', hello: { agentVersion: '0.5.0' } });
    expect(await viewer.fleet.agentVersions()).toMatchObject({ newest: '0.5.0', behind: 0 });

    const old = await reportingHost(db, { hostKey: 'sk-c/SIPS', hello: { agentVersion: '0.10.0' } });
    await reportingHost(db, { hostKey: 'sk-d/SIPS', hello: { agentVersion: '0.4.9' } });
    const skewed = await viewer.fleet.agentVersions();
    expect(skewed.newest).toBe('0.10.0');
    expect(skewed.versions.map((entry) => [entry.version, entry.agents])).toEqual([
      ['0.10.0', 1],
      ['0.5.0', 2],
      ['0.4.9', 1],
    ]);
    expect(skewed.behind).toBe(3);

    // A revoked agent no longer counts: the newest is then 0.5.0 and nobody is behind but 0.4.9.
    const agent = await db.prisma.agent.findFirstOrThrow({ where: { hostId: old } });
    await revokeAgent(db.prisma, agent.id, { id: 'test', label: 'test' });
    expect(await viewer.fleet.agentVersions()).toMatchObject({ newest: '0.5.0', behind: 1 });
  });

  it('is refused without a session', async () => {
    await expect(db.callerFor(null).fleet.agentVersions()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
