import { describe, expect, it } from 'vitest';
import { buildHostFindingContext, type THostFindingsInput } from './host-context';
import { findPortCheckInert } from './port-check-inert';
import { makeHostFindingsInput } from './test-input';

function evaluate(overrides: Partial<THostFindingsInput>) {
  return findPortCheckInert(buildHostFindingContext(makeHostFindingsInput(overrides)));
}

describe('finding: backup-sip-port-check=true that is inert (rules 3, 5, 6)', () => {
  it('check on, own host, no IP Address Takeover: the port check works, no finding', () => {
    expect(evaluate({})).toEqual([]);
  });

  it('check off (`check-off-verifies-nothing`): info, the port is not verified', () => {
    const findings = evaluate({ configuredOptions: { 'backup-sip-port-check': 'true' } });
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'port-check-inert',
        severity: 'info',
        option: 'backup-sip-port-check',
      }),
    ]);
    expect(findings[0]?.message).toContain('backup-init-check is false');
  });

  it('check off with backup-sip-port-check at its default (true) is flagged too', () => {
    expect(evaluate({ configuredOptions: {} })).toHaveLength(1);
  });

  it('IP Address Takeover (`port-check-skipped-for-takeover-or-same-host`): warning, since the check is on and the port looks verified', () => {
    const findings = evaluate({
      configuredOptions: { 'backup-init-check': 'true', 'control-vip-scripts': 'true' },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.message).toContain('IP Address Takeover');
  });

  it('same host (`port-check-skipped-for-takeover-or-same-host`): warning', () => {
    const findings = evaluate({ sameHost: true });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.message).toContain('same host');
  });

  it('lists every cause in one finding', () => {
    const findings = evaluate({ sameHost: true, configuredOptions: { 'control-vip-scripts': 'true' } });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('backup-init-check is false; control-vip-scripts is true');
  });

  it('backup-sip-port-check=false is not inert, it is off', () => {
    expect(evaluate({ sameHost: true, configuredOptions: { 'backup-sip-port-check': 'false' } })).toEqual([]);
  });

  it('applies to primaries as well: roles swap on switchover', () => {
    expect(evaluate({ mode: 'primary', sameHost: true })).toHaveLength(1);
  });

  it('says nothing on a version without the check (version findings cover it)', () => {
    expect(evaluate({ version: '8.1.103.63', configuredOptions: {} })).toEqual([]);
  });
});
