import { describe, expect, it } from 'vitest';
import { buildHostFindingContext } from './host-context';
import { findInvalidOptionValues } from './invalid-option-values';
import { makeHostFindingsInput } from './test-input';

describe('finding: invalid option values (our decision: a finding, and the default is used)', () => {
  it('one warning per invalid value, naming the option, the value and the default used', () => {
    const context = buildHostFindingContext(
      makeHostFindingsInput({
        configuredOptions: {
          'backup-init-check': 'true',
          'backup-init-check-timeout': '3601',
          'sip-address': 'a_b',
        },
      }),
    );
    const findings = findInvalidOptionValues(context);
    expect(
      findings.map(({ code, severity, option, suggestedValue }) => ({
        code,
        severity,
        option,
        suggestedValue,
      })),
    ).toEqual([
      {
        code: 'invalid-option-value',
        severity: 'warning',
        option: 'backup-init-check-timeout',
        suggestedValue: '60',
      },
      { code: 'invalid-option-value', severity: 'warning', option: 'sip-address', suggestedValue: '' },
    ]);
    expect(findings[0]?.message).toBe(
      'backup-init-check-timeout: "3601" is not valid (above the maximum 3600); valid values: integer 15-3600 (seconds); ' +
        'SIP Server uses the default 60',
    );
    expect(findings[1]?.message).toContain('uses the default (empty)');
  });

  it('valid values and unknown options give no finding', () => {
    const context = buildHostFindingContext(
      makeHostFindingsInput({
        configuredOptions: { 'backup-init-check-timeout': '15', 'some-other-option': '??' },
      }),
    );
    expect(findInvalidOptionValues(context)).toEqual([]);
  });
});
