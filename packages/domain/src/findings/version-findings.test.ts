import { describe, expect, it } from 'vitest';
import { buildHostFindingContext, type THostFindingsInput } from './host-context';
import { makeHostFindingsInput } from './test-input';
import { findVersionInvalid, findVersionTooOldOptionsSet } from './version-findings';

function context(overrides: Partial<THostFindingsInput>) {
  return buildHostFindingContext(makeHostFindingsInput(overrides));
}

describe('finding: version too old while the check options are set anyway (`check-needs-8.1.103.64`)', () => {
  it('8.1.103.63 with check options set: one warning per option', () => {
    const findings = findVersionTooOldOptionsSet(
      context({
        version: '8.1.103.63',
        configuredOptions: { 'backup-init-check': 'true', 'backup-init-check-timeout': '90' },
      }),
    );
    expect(findings.map((finding) => [finding.code, finding.severity, finding.option])).toEqual([
      ['version-too-old-options-set', 'warning', 'backup-init-check'],
      ['version-too-old-options-set', 'warning', 'backup-init-check-timeout'],
    ]);
    expect(findings[0]?.message).toContain('predates 8.1.103.64');
  });

  it('an option set to its default still counts as set', () => {
    const findings = findVersionTooOldOptionsSet(
      context({ version: '8.1.100.1', configuredOptions: { 'backup-sip-port-check': 'true' } }),
    );
    expect(findings.map((finding) => finding.option)).toEqual(['backup-sip-port-check']);
  });

  it('control-vip-scripts predates the check, so setting it on an old version is fine', () => {
    expect(
      findVersionTooOldOptionsSet(
        context({ version: '8.1.103.63', configuredOptions: { 'control-vip-scripts': 'true' } }),
      ),
    ).toEqual([]);
  });

  it('no finding on 8.1.103.64, nor on an old version with none of the options set', () => {
    expect(findVersionTooOldOptionsSet(context({ version: '8.1.103.64' }))).toEqual([]);
    expect(findVersionTooOldOptionsSet(context({ version: '8.1.103.63', configuredOptions: {} }))).toEqual(
      [],
    );
  });
});

describe('finding: a version that is not four dot-separated integers (`check-needs-8.1.103.64`)', () => {
  it('"8.1.103" is a warning with the parse reason', () => {
    const findings = findVersionInvalid(context({ version: '8.1.103' }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'version-invalid', severity: 'warning' });
    expect(findings[0]?.message).toContain('has 3 part(s)');
  });

  it('a valid version gives no finding, and an invalid one gives no too-old finding', () => {
    expect(findVersionInvalid(context({ version: '8.1.103.64' }))).toEqual([]);
    expect(findVersionTooOldOptionsSet(context({ version: '8.1.103' }))).toEqual([]);
  });
});
