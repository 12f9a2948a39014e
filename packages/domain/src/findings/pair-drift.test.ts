import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../option-catalog';
import { buildPairDriftFindings, findPairOptionDrift } from './pair-drift';

describe('finding: options that differ between the two members of a pair ', () => {
  it('identical options: no drift', () => {
    expect(findPairOptionDrift(DEFAULT_OPTIONS, { ...DEFAULT_OPTIONS })).toEqual([]);
  });

  it('lists each differing check option with both values as written', () => {
    const a = { ...DEFAULT_OPTIONS, 'backup-init-check': true, 'backup-init-check-timeout': 90 };
    const b = { ...DEFAULT_OPTIONS, 'backup-init-check': false };
    expect(findPairOptionDrift(a, b)).toEqual([
      { option: 'backup-init-check', a: 'true', b: 'false' },
      { option: 'backup-init-check-timeout', a: '90', b: '60' },
    ]);
  });

  it('sip-port and sip-address may differ (and must, on one host)', () => {
    const b = { ...DEFAULT_OPTIONS, 'sip-port': 5070, 'sip-address': '10.0.0.6' };
    expect(findPairOptionDrift(DEFAULT_OPTIONS, b)).toEqual([]);
  });

  it('turns drift into warnings naming the option and both members', () => {
    const findings = buildPairDriftFindings([{ option: 'control-vip-scripts', a: 'true', b: 'false' }], {
      a: 'sip-a',
      b: 'sip-b',
    });
    expect(findings).toEqual([
      {
        code: 'pair-option-drift',
        severity: 'warning',
        option: 'control-vip-scripts',
        message:
          'control-vip-scripts differs within the pair (true on sip-a, false on sip-b): ' +
          'after a switchover the new backup would behave differently',
        rule: 'pair-drift',
      },
    ]);
  });
});
