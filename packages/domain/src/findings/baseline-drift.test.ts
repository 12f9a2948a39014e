import { describe, expect, it } from 'vitest';
import { findBaselineDrift } from './baseline-drift';
import { buildHostFindingContext } from './host-context';
import { evaluateHostFindings } from './index';
import { makeHostFindingsInput } from './test-input';

const driftOf = (configured: Record<string, string>, desired?: Record<string, string>) =>
  findBaselineDrift(
    buildHostFindingContext(
      makeHostFindingsInput({
        configuredOptions: configured,
        ...(desired ? { baselineOptions: desired } : {}),
      }),
    ),
  );

describe('finding: baseline drift', () => {
  it('one warning per option whose configured value differs, naming option, desired and actual', () => {
    const findings = driftOf(
      { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
      { 'backup-init-check': 'true', 'backup-init-check-timeout': '60', 'backup-sip-port-check': 'false' },
    );
    expect(findings.map((f) => [f.option, f.suggestedValue, f.severity, f.rule])).toEqual([
      ['backup-init-check-timeout', '60', 'warning', 'baseline-drift'],
      ['backup-sip-port-check', 'false', 'warning', 'baseline-drift'],
    ]);
    expect(findings[0]?.message).toContain('backup-init-check-timeout is "15" where the baseline wants "60"');
    // An option the file does not set differs too: applying the baseline would write it.
    expect(findings[1]?.message).toContain(
      'backup-sip-port-check is not set where the baseline wants "false"',
    );
  });

  it('nothing without a baseline, or when every value matches', () => {
    expect(driftOf({ 'backup-init-check': 'true' })).toEqual([]);
    expect(driftOf({ 'backup-init-check': 'true' }, { 'backup-init-check': 'true' })).toEqual([]);
  });

  it('is one of the host finding rules', () => {
    const findings = evaluateHostFindings(
      makeHostFindingsInput({ baselineOptions: { 'backup-init-check-timeout': '60' } }),
    );
    expect(findings.map((f) => f.code)).toContain('baseline-drift');
  });
});
