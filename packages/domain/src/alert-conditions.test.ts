import { describe, expect, it } from 'vitest';
import {
  ALERT_CONDITION_SPECS,
  ALERT_CONDITIONS,
  alertConditionsOf,
  DEFAULT_RULE_CONDITIONS,
  fleetEventOfAuditAction,
  type TAlertConditionInput,
} from './alert-conditions';
import { evaluateHostVerdict, type THostVerdictFacts } from './host-verdict';

const base: TAlertConditionInput = {
  verdict: 'would-serve',
  cause: 'check-passed',
  reason: 'check passed',
  mode: 'backup',
  findings: [],
};
const conditionsOf = (input: Partial<TAlertConditionInput>) =>
  alertConditionsOf({ ...base, ...input }).map((active) => active.condition);

describe('alertConditionsOf (alert-conditions)', () => {
  it('a backup that would serve with no finding is in no condition', () => {
    expect(alertConditionsOf(base)).toEqual([]);
  });

  it('would not serve: critical, with the verdict reason', () => {
    expect(
      alertConditionsOf({
        ...base,
        verdict: 'would-not-serve',
        cause: 'check-failed',
        reason: 'SIP port in use',
      }),
    ).toEqual([
      { condition: 'would-not-serve', severity: 'critical', summary: 'Would not serve: SIP port in use' },
    ]);
  });

  it('unknown on a backup or a host whose role is unknown, never on a primary', () => {
    expect(conditionsOf({ verdict: 'unknown', cause: 'agent-disconnected' })).toEqual(['unknown']);
    expect(conditionsOf({ verdict: 'unknown', cause: 'never-reported', mode: 'unknown' })).toEqual([
      'unknown',
    ]);
    expect(conditionsOf({ verdict: 'unknown', cause: 'no-data', mode: 'primary' })).toEqual([]);
  });

  it('not verified only for standing causes: check off, version too old or unreadable', () => {
    for (const cause of ['check-disabled', 'version-too-old', 'version-invalid'])
      expect(conditionsOf({ verdict: 'not-verified', cause })).toEqual(['not-verified']);
    for (const cause of ['start-check-running', 'no-check-since-start', 'never-checked', 'mode-unknown'])
      expect(conditionsOf({ verdict: 'not-verified', cause })).toEqual([]);
  });

  it('pending restart older than a day and pair drift come from their findings, whatever the verdict', () => {
    const findings = [
      { code: 'pending-restart-stale', message: 'waited since 2 days' },
      { code: 'pair-option-drift', message: 'a differs' },
      { code: 'pair-option-drift', message: 'b differs' },
    ];
    expect(alertConditionsOf({ ...base, verdict: 'primary', mode: 'primary', findings })).toEqual([
      { condition: 'pending-restart-stale', severity: 'info', summary: 'waited since 2 days' },
      { condition: 'pair-drift', severity: 'warning', summary: 'a differs; b differs' },
    ]);
  });

  it('reads evaluateHostVerdict’s answer as it is stored', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const facts: THostVerdictFacts = {
      hostname: 'b.test',
      mode: 'backup',
      version: '8.1.103.64',
      sameHost: false,
      configuredOptions: {},
      effectiveOptions: {},
      agent: { connected: false, lastSeenAt: new Date(now.getTime() - 60_000) },
      staleAfterMs: 3_600_000,
      observedStartupMs: [],
      now,
    };
    const result = evaluateHostVerdict(facts);
    const active = alertConditionsOf({ ...result, mode: facts.mode });
    expect(active.map((a) => a.condition)).toEqual(['unknown']);
  });

  it('every condition has a spec; the default rule routes would-not-serve and unknown', () => {
    for (const condition of ALERT_CONDITIONS) expect(ALERT_CONDITION_SPECS[condition]).toBeDefined();
    expect(DEFAULT_RULE_CONDITIONS).toEqual(['would-not-serve', 'unknown']);
  });

  it('fleet events from audit actions: revoke and a refused enrollment open, an enrollment resolves both', () => {
    expect(fleetEventOfAuditAction('agent.revoke')).toEqual({ effect: 'open', condition: 'agent-revoked' });
    expect(fleetEventOfAuditAction('agent.enroll-failed')).toEqual({
      effect: 'open',
      condition: 'enrollment-failed',
    });
    for (const action of ['agent.enroll', 'agent.re-enroll'])
      expect(fleetEventOfAuditAction(action)).toEqual({
        effect: 'resolve',
        conditions: ['agent-revoked', 'enrollment-failed'],
      });
    expect(ALERT_CONDITION_SPECS['enrollment-failed'].holdDown).toBe(false);
    expect(fleetEventOfAuditAction('option.change')).toBeUndefined();
  });
});
