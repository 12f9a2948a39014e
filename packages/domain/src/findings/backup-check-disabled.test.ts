import { describe, expect, it } from 'vitest';
import { findBackupCheckDisabled } from './backup-check-disabled';
import { buildHostFindingContext } from './host-context';
import { makeHostFindingsInput } from './test-input';

describe('finding: backup without the check enabled (`check-off-verifies-nothing`)', () => {
  it('a backup with backup-init-check absent (default false) is a warning, suggesting true', () => {
    const findings = findBackupCheckDisabled(
      buildHostFindingContext(makeHostFindingsInput({ configuredOptions: {} })),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'backup-check-disabled',
        severity: 'warning',
        option: 'backup-init-check',
        suggestedValue: 'true',
      }),
    ]);
  });

  it('an invalid backup-init-check value falls back to false, so it counts as disabled', () => {
    const context = buildHostFindingContext(
      makeHostFindingsInput({ configuredOptions: { 'backup-init-check': 'on' } }),
    );
    expect(findBackupCheckDisabled(context).map((finding) => finding.code)).toEqual([
      'backup-check-disabled',
    ]);
  });

  it('a backup with the check enabled has no such finding', () => {
    expect(findBackupCheckDisabled(buildHostFindingContext(makeHostFindingsInput()))).toEqual([]);
  });

  it('a primary is not flagged (`backup-mode-only`)', () => {
    const context = buildHostFindingContext(
      makeHostFindingsInput({ mode: 'primary', configuredOptions: {} }),
    );
    expect(findBackupCheckDisabled(context)).toEqual([]);
  });

  it('a backup older than 8.1.103.64 is flagged: it cannot verify itself (`check-needs-8.1.103.64`)', () => {
    const context = buildHostFindingContext(
      makeHostFindingsInput({ version: '8.1.103.63', configuredOptions: {} }),
    );
    const findings = findBackupCheckDisabled(context);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('older than 8.1.103.64');
    expect(findings[0]?.option).toBeUndefined();
  });

  it('an invalid version says nothing here (version-invalid covers it)', () => {
    const context = buildHostFindingContext(
      makeHostFindingsInput({ version: 'unknown', configuredOptions: {} }),
    );
    expect(findBackupCheckDisabled(context)).toEqual([]);
  });
});
