import { MIN_CHECK_VERSION } from '../version';
import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/** A backup that does not verify it could serve if promoted (`check-needs-8.1.103.64`, `check-off-verifies-nothing`). */
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
        rule: 'check-needs-8.1.103.64',
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
      rule: 'check-off-verifies-nothing',
    },
  ];
}
