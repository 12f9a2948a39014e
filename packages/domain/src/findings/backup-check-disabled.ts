import { MIN_CHECK_VERSION } from '../version';
import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/** A backup that does not verify it could serve if promoted (PRODUCT.md Findings, rules 1 and 3). */
export function findBackupCheckDisabled(context: THostFindingContext): TFinding[] {
  const { input, effective, version, supportsCheck } = context;
  // An unparseable version has its own finding; whether the check exists is unknown.
  if (input.mode !== 'backup' || !version.ok) return [];
  if (!supportsCheck) {
    return [
      {
        code: 'backup-check-disabled',
        severity: 'warning',
        message:
          `Backup runs SIP Server ${input.version}, older than ${MIN_CHECK_VERSION}: it cannot verify its ` +
          'initialization; upgrade to use backup-init-check',
        rule: 'PRODUCT.md rule 1 and Findings: backup without the check enabled',
      },
    ];
  }
  if (effective['backup-init-check']) return [];
  return [
    {
      code: 'backup-check-disabled',
      severity: 'warning',
      message:
        'Backup does not verify its initialization (backup-init-check is false): a component or SIP port ' +
        'failure goes unnoticed until it is promoted',
      option: 'backup-init-check',
      suggestedValue: 'true',
      rule: 'PRODUCT.md rule 3 and Findings: backup without the check enabled',
    },
  ];
}
