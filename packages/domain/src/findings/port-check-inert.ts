import { listInertPortCheckReasons, PORT_CHECK_SKIP_CAUSES } from '../check-plan';
import type { TFinding } from './finding';
import type { THostFindingContext } from './host-context';

/**
 * backup-sip-port-check=true that verifies nothing (`check-off-verifies-nothing`, `port-check-skipped-for-takeover-or-same-host`). Checked whatever the
 * current mode, since roles swap. A warning when the check is on (one may believe the port is verified),
 * info when the check is off (backup-check-disabled is the real problem there).
 */
export function findPortCheckInert(context: THostFindingContext): TFinding[] {
  const { input, effective, supportsCheck } = context;
  if (!supportsCheck) return [];
  const causes = listInertPortCheckReasons(effective, input.sameHost).map(
    (reason) => PORT_CHECK_SKIP_CAUSES[reason],
  );
  if (causes.length === 0) return [];
  return [
    {
      code: 'port-check-inert',
      severity: effective['backup-init-check'] ? 'warning' : 'info',
      message: `backup-sip-port-check is true but the SIP port is not verified: ${causes.join('; ')}`,
      option: 'backup-sip-port-check',
      rule: 'port-check-skipped-for-takeover-or-same-host',
    },
  ];
}
