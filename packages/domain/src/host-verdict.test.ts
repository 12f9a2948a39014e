import { describe, expect, it } from 'vitest';
import { evaluateHostVerdict, type THostVerdictFacts, type TVerdictRun } from './host-verdict';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const CHECK_ON = {
  'backup-init-check': 'true',
  'backup-init-check-timeout': '15',
  'backup-sip-port-check': 'true',
};

function run(overrides: Partial<TVerdictRun> = {}): TVerdictRun {
  return {
    status: 'RUNNING',
    applicable: true,
    checkEnabled: true,
    mode: 'backup',
    trigger: 'start',
    startedAt: minutesAgo(2),
    finishedAt: minutesAgo(1),
    reasons: [],
    failedComponents: [],
    portState: 'passed',
    ...overrides,
  };
}

function facts(overrides: Partial<THostVerdictFacts> = {}): THostVerdictFacts {
  return {
    hostname: 'sip1b',
    mode: 'backup',
    version: '8.1.103.72',
    sameHost: false,
    configuredOptions: CHECK_ON,
    effectiveOptions: CHECK_ON,
    latestRun: run(),
    serverStartedAt: minutesAgo(3),
    agent: { connected: true, lastSeenAt: minutesAgo(1) },
    staleAfterMs: 10 * 60_000,
    observedStartupMs: [],
    now: NOW,
    ...overrides,
  };
}

describe('evaluateHostVerdict', () => {
  it('would serve: a backup whose check since its last start passed', () => {
    const verdict = evaluateHostVerdict(facts());
    expect(verdict).toMatchObject({
      verdict: 'would-serve',
      cause: 'check-passed',
      displayStatus: 'RUNNING',
    });
    expect(verdict.findings).toEqual([]);
    expect(verdict.staleAt).toEqual(new Date(minutesAgo(1).getTime() + 10 * 60_000));
  });

  it('would not serve: a failed check, with the late component named in a few words and a critical finding', () => {
    const verdict = evaluateHostVerdict(
      facts({
        latestRun: run({
          status: 'SERVICE_UNAVAILABLE',
          reasons: ['Interaction Proxy did not complete initialization within 15 s'],
          failedComponents: [{ name: 'interaction-proxy', state: 'timeout' }],
        }),
        statusSince: minutesAgo(30),
      }),
    );
    expect(verdict).toMatchObject({
      verdict: 'would-not-serve',
      cause: 'check-failed',
      reason: 'Interaction Proxy not ready in time',
      displayStatus: 'SERVICE_UNAVAILABLE',
    });
    expect(verdict.reasons).toEqual(['Interaction Proxy did not complete initialization within 15 s']);
    expect(verdict.findings.map((f) => [f.code, f.severity])).toContainEqual([
      'last-check-failed',
      'critical',
    ]);
  });

  it('names a port that could not be opened', () => {
    const verdict = evaluateHostVerdict(
      facts({ latestRun: run({ status: 'SERVICE_UNAVAILABLE', portState: 'failed', reasons: ['in use'] }) }),
    );
    expect(verdict.reason).toBe('SIP port could not be opened');
  });

  it('not verified: check off, version too old, version unreadable — each says which', () => {
    const off = { ...CHECK_ON, 'backup-init-check': 'false' };
    expect(evaluateHostVerdict(facts({ effectiveOptions: off, configuredOptions: off }))).toMatchObject({
      verdict: 'not-verified',
      cause: 'check-disabled',
      reason: 'check turned off',
    });
    expect(evaluateHostVerdict(facts({ version: '8.1.103.50' }))).toMatchObject({
      verdict: 'not-verified',
      cause: 'version-too-old',
    });
    // An unreadable version does not fail open into a verified RUNNING.
    expect(evaluateHostVerdict(facts({ version: 'eight' }))).toMatchObject({
      verdict: 'not-verified',
      cause: 'version-invalid',
    });
  });

  it('uses the effective options: a check turned on in the file but not yet restarted is not verified', () => {
    const verdict = evaluateHostVerdict(
      facts({ effectiveOptions: { ...CHECK_ON, 'backup-init-check': 'false' }, configuredOptions: CHECK_ON }),
    );
    expect(verdict.cause).toBe('check-disabled');
  });

  it('not verified after a restart or a switchover that no check has followed yet', () => {
    expect(evaluateHostVerdict(facts({ serverStartedAt: minutesAgo(0.5) }))).toMatchObject({
      verdict: 'not-verified',
      cause: 'no-check-since-start',
      reason: 'no check since its last start',
    });
    const switched = evaluateHostVerdict(
      facts({ becameBackupAt: minutesAgo(0.5), latestRun: run({ mode: 'primary', applicable: false }) }),
    );
    expect(switched).toMatchObject({
      cause: 'no-check-since-start',
      reason: 'no check since becoming backup',
    });
    // The old failure no longer speaks for the host.
    const failedBefore = evaluateHostVerdict(
      facts({ serverStartedAt: minutesAgo(0.5), latestRun: run({ status: 'SERVICE_UNAVAILABLE' }) }),
    );
    expect(failedBefore.findings.map((f) => f.code)).not.toContain('last-check-failed');
  });

  it('a start check in progress shows INITIALIZING; a re-check keeps the verdict', () => {
    expect(
      evaluateHostVerdict(facts({ checking: { startedAt: minutesAgo(0.1), atStart: true } })),
    ).toMatchObject({
      verdict: 'not-verified',
      cause: 'start-check-running',
      displayStatus: 'INITIALIZING',
    });
    expect(
      evaluateHostVerdict(facts({ checking: { startedAt: minutesAgo(0.1), atStart: false } })),
    ).toMatchObject({
      verdict: 'would-serve',
      displayStatus: 'RUNNING',
    });
  });

  it('unknown: agent offline, data older than the cadence, never reported — with since when', () => {
    const offline = evaluateHostVerdict(facts({ agent: { connected: false, lastSeenAt: minutesAgo(5) } }));
    expect(offline).toMatchObject({
      verdict: 'unknown',
      cause: 'agent-disconnected',
      displayStatus: 'UNKNOWN',
    });
    expect(offline.reason).toMatch(/^agent offline, no data since /);
    expect(offline.findings.map((f) => f.code)).toContain('agent-not-connected');

    const silent = evaluateHostVerdict(
      facts({
        agent: { connected: true, lastSeenAt: minutesAgo(20) },
        latestRun: run({ finishedAt: minutesAgo(20) }),
      }),
    );
    expect(silent).toMatchObject({ verdict: 'unknown', cause: 'no-data' });
    expect(silent.findings.map((f) => f.code)).toContain('no-recent-data');

    expect(evaluateHostVerdict(facts({ agent: null, latestRun: undefined }))).toMatchObject({
      verdict: 'unknown',
      cause: 'never-reported',
    });
  });

  it('asks to be evaluated again when the data will go stale or a pending restart turns a day old', () => {
    const fresh = evaluateHostVerdict(facts());
    expect(fresh.reevaluateAt).toEqual(fresh.staleAt);
    const pending = evaluateHostVerdict(
      facts({ pendingRestartSince: new Date(NOW.getTime() - 86_400_000 + 60_000) }),
    );
    expect(pending.reevaluateAt!.getTime()).toBe(NOW.getTime() + 60_001);
  });

  it('primary members are not backups; drift with the peer is a finding on each', () => {
    const primary = evaluateHostVerdict(facts({ mode: 'primary' }));
    expect(primary.verdict).toBe('primary');
    const drift = evaluateHostVerdict(
      facts({
        pairPeer: {
          hostname: 'sip1a',
          effectiveOptions: { ...CHECK_ON, 'backup-init-check-timeout': '120' },
        },
      }),
    );
    expect(drift.findings.find((f) => f.code === 'pair-option-drift')?.option).toBe(
      'backup-init-check-timeout',
    );
  });

  it('an unreadable role is not verified, never assumed backup or primary', () => {
    expect(evaluateHostVerdict(facts({ mode: 'unknown' }))).toMatchObject({
      verdict: 'not-verified',
      cause: 'mode-unknown',
    });
  });
});
