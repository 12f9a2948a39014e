import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reportingHost, startTestDatabase, type TestDatabase } from './test-database';

// Hosts made the production way (enrollment, hello through registerAgentHost): their configured options
// and pairs are facts the agents reported; drift is what the one verdict stored from them.

const CHECK = 'backup-init-check';
const TIMEOUT = 'backup-init-check-timeout';
const PORT = 'backup-sip-port-check';

const FLEET: { key: string; pair: string | null; options: Record<string, string> }[] = [
  {
    key: 'sips-a-01/SIPS_A',
    pair: 'SIPS_HA_1',
    options: { [CHECK]: 'true', [TIMEOUT]: '15', [PORT]: 'true' },
  },
  {
    key: 'sips-b-01/SIPS_B',
    pair: 'SIPS_HA_1',
    options: { [CHECK]: 'true', [TIMEOUT]: '15', [PORT]: 'true' },
  },
  {
    key: 'sips-a-02/SIPS_A',
    pair: 'SIPS_HA_2',
    options: { [CHECK]: 'true', [TIMEOUT]: '60', [PORT]: 'false' },
  },
  {
    key: 'sips-b-02/SIPS_B',
    pair: 'SIPS_HA_2',
    options: { [CHECK]: 'true', [TIMEOUT]: '60', [PORT]: 'true' },
  },
  { key: 'lone/SIPS', pair: null, options: { [CHECK]: 'true', [TIMEOUT]: '30' } },
];

describe('baseline as code: export, drift through the one verdict, dry run, apply', {
  timeout: 120_000,
}, () => {
  let db: TestDatabase;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    db = await startTestDatabase();
    for (const host of FLEET) {
      const id = await reportingHost(db, {
        hostKey: host.key,
        hello: { pair: host.pair, configuredOptions: host.options, effectiveOptions: host.options },
      });
      ids.set(host.key.split('/')[0]!, id);
    }
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const admin = () => db.callerAs('admin');
  const operator = () => db.callerAs('operator');

  /** Every baseline-drift finding the verdict stored, as `hostname option desired`. */
  async function storedDrift(): Promise<string[]> {
    const hosts = await db.prisma.host.findMany({ select: { hostname: true, lastFindings: true } });
    return hosts
      .flatMap((host) =>
        (host.lastFindings as { code: string; option?: string; suggestedValue?: string }[])
          .filter((finding) => finding.code === 'baseline-drift')
          .map((finding) => `${host.hostname} ${finding.option} ${finding.suggestedValue}`),
      )
      .sort();
  }

  it('exports fleet, pair and host levels, and importing the export unchanged is a no-op', async () => {
    const { yaml, hosts } = await operator().baseline.export();
    expect(hosts).toBe(5);
    expect(parse(yaml)).toEqual({
      fleet: { [CHECK]: 'true' },
      pairs: { SIPS_HA_1: { [TIMEOUT]: '15', [PORT]: 'true' }, SIPS_HA_2: { [TIMEOUT]: '60' } },
      hosts: [
        { match: 'lone', options: { [TIMEOUT]: '30' } },
        { match: 'sips-a-02', options: { [PORT]: 'false' } },
        { match: 'sips-b-02', options: { [PORT]: 'true' } },
      ],
    });

    const dryRun = await operator().baseline.dryRun({ yaml });
    expect(dryRun).toEqual({ hosts: [], unchanged: 5, uncovered: 0, restricted: [] });

    const active = await admin().baseline.set({ yaml });
    expect(active).toMatchObject({
      yaml,
      driftingHosts: 0,
      driftFindings: 0,
      actorLabel: 'admin@standby.test',
    });
    expect(await storedDrift()).toEqual([]);
    await expect(
      operator().baseline.rollOut({
        yaml,
        plan: { canary: { unit: 'hosts', value: 1 }, next: { unit: 'percent', value: 50 } },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  const CHANGED = [
    'fleet:',
    `  ${TIMEOUT}: 60`,
    'hosts:',
    '  - match: "sips-b-*"',
    '    options:',
    `      ${PORT}: false`,
    '',
  ].join('\n');

  it('a changed baseline yields exactly the expected drift findings, and the dry run the same diff', async () => {
    const active = await admin().baseline.set({ yaml: CHANGED });
    const expected = [
      `lone ${TIMEOUT} 60`,
      `sips-a-01 ${TIMEOUT} 60`,
      `sips-b-01 ${PORT} false`,
      `sips-b-01 ${TIMEOUT} 60`,
      `sips-b-02 ${PORT} false`,
    ].sort();
    expect(await storedDrift()).toEqual(expected);
    expect(active).toMatchObject({ driftingHosts: 4, driftFindings: 5 });

    // The finding names option, desired and actual; the fleet's findings filter sees it like any other.
    const detail = await operator().host.get({ hostId: ids.get('sips-b-01')! });
    expect(detail.findings.filter((f) => f.code === 'baseline-drift').map((f) => f.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/backup-sip-port-check is "true" where the baseline wants "false"/),
        expect.stringMatching(/backup-init-check-timeout is "15" where the baseline wants "60"/),
      ]),
    );

    const dryRun = await operator().baseline.dryRun({ yaml: CHANGED });
    expect(
      dryRun.hosts.flatMap((host) => host.changes.map((c) => `${host.hostname} ${c.option} ${c.to}`)).sort(),
    ).toEqual(expected);
    expect(dryRun.hosts.find((h) => h.hostname === 'lone')?.changes).toEqual([
      { option: TIMEOUT, from: '30', to: '60' },
    ]);
    expect(dryRun).toMatchObject({ unchanged: 1, uncovered: 0, restricted: [TIMEOUT] });
  });

  it('applies as staged rollouts, one per distinct set of changes, refused without the restricted confirmation', async () => {
    const plan = {
      canary: { unit: 'hosts' as const, value: 1 },
      next: { unit: 'percent' as const, value: 100 },
    };
    await expect(operator().baseline.rollOut({ yaml: CHANGED, plan })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/restricted/),
    });
    expect(await db.prisma.rollout.count()).toBe(0);
    const applied = await operator().baseline.rollOut({
      yaml: CHANGED,
      plan,
      confirmRestricted: true,
      reason: 'align the fleet with the baseline',
    });
    // Groups: timeout only (lone, sips-a-01), timeout + port (sips-b-01), port only (sips-b-02).
    expect(applied.hosts).toBe(4);
    expect(applied.rolloutIds).toHaveLength(3);
    const rollouts = await db.prisma.rollout.findMany({ select: { totalHosts: true } });
    expect(rollouts.map((r) => r.totalHosts).sort()).toEqual([1, 1, 2]);
  });

  it('refuses bad YAML naming the line and the field, and lets only an admin set a baseline', async () => {
    await expect(admin().baseline.set({ yaml: 'fleet:\n  a: [1\n' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/not valid YAML \(line \d\)/),
    });
    await expect(
      admin().baseline.set({ yaml: `fleet:\n  ${CHECK}: true\npairs:\n  SIPS_HA_1:\n    ${TIMEOUT}: 5\n` }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/pairs\.SIPS_HA_1\.backup-init-check-timeout \(line 5\)/),
    });
    await expect(admin().baseline.set({ yaml: 'fleet: {}\nhost:\n  - match: x\n' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/host/),
    });
    await expect(admin().baseline.set({ yaml: 'fleet:\n  no-such-option: 1\n' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/fleet\.no-such-option \(line 2\).*not an option/),
    });
    // A baseline is about the check: each host's SIP port is its own, not a policy.
    await expect(
      admin().baseline.set({ yaml: 'hosts:\n  - match: "sips-*"\n    options:\n      sip-port: 5060\n' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(
        /hosts\.0\.options\.sip-port \(line 4\): sip-port: cannot be changed here/,
      ),
    });
    await expect(operator().baseline.set({ yaml: CHANGED })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A refused document leaves the active one (and its drift) as it was; the setting is audited.
    expect((await operator().baseline.get())?.yaml).toBe(CHANGED);
    expect(await db.prisma.auditEvent.count({ where: { action: 'baseline.set' } })).toBe(2);
  });

  it('clearing the baseline clears the drift', async () => {
    expect(await admin().baseline.set({ yaml: '  ' })).toBeNull();
    expect(await storedDrift()).toEqual([]);
  });
});
