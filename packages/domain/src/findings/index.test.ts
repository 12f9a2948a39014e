import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../rules';
import { evaluateHostFindings, FINDING_CODES } from './index';
import { makeHostFindingsInput } from './test-input';

describe('findings one host can tell: evaluateHostFindings runs every rule', () => {
  it('a healthy backup (check on, own host, valid values, passing) has no findings', () => {
    expect(evaluateHostFindings(makeHostFindingsInput())).toEqual([]);
  });

  it('a backup on defaults: check disabled (warning) and inert port check (info)', () => {
    const findings = evaluateHostFindings(makeHostFindingsInput({ configuredOptions: {} }));
    expect(findings.map((finding) => [finding.code, finding.severity])).toEqual([
      ['backup-check-disabled', 'warning'],
      ['port-check-inert', 'info'],
    ]);
  });

  it('collects findings from several rules, most severe cause first', () => {
    const findings = evaluateHostFindings(
      makeHostFindingsInput({
        configuredOptions: {
          'backup-init-check': 'true',
          'backup-init-check-timeout': '5',
          'control-vip-scripts': 'true',
        },
        observedStartupMs: [70_000],
        lastCheck: { status: 'SERVICE_UNAVAILABLE', since: new Date('2026-01-10T11:00:00.000Z') },
        pendingRestartSince: new Date('2026-01-01T00:00:00.000Z'),
      }),
    );
    expect(findings.map((finding) => finding.code)).toEqual([
      'last-check-failed',
      'invalid-option-value',
      'timeout-below-startup',
      'port-check-inert',
      'pending-restart-stale',
    ]);
  });

  it('an old version with the options set: too-old findings and the backup cannot check itself', () => {
    const findings = evaluateHostFindings(
      makeHostFindingsInput({ version: '8.1.103.63', configuredOptions: { 'backup-init-check': 'true' } }),
    );
    expect(findings.map((finding) => finding.code)).toEqual([
      'backup-check-disabled',
      'version-too-old-options-set',
    ]);
  });

  it('every finding has a known code, a message and a documented rule id', () => {
    const findings = evaluateHostFindings(
      makeHostFindingsInput({ version: 'x', sameHost: true, configuredOptions: { 'sip-port': '0' } }),
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(FINDING_CODES).toContain(finding.code);
      expect(finding.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(finding.message).not.toBe('');
      expect(RULE_IDS).toContain(finding.rule);
    }
  });
});
