import type { THostStatus } from '@standby/domain';
import { HOST_STATUS_INFO } from '@/lib/status-info';
import { StatusIcon } from './status-icon';
import { ToneBadge } from './ui/tone-badge';

/**
 * The status the SIP Server reports to its management layer. `secondary` where the fleet's verdict is
 * shown beside it: a neutral badge, so that RUNNING on an unverified backup does not read as "fine".
 */
export function StatusBadge({ status, secondary = false }: { status: THostStatus; secondary?: boolean }) {
  const info = HOST_STATUS_INFO[status];
  return (
    <ToneBadge
      tone={secondary ? 'neutral' : info.tone}
      title={secondary ? `Reported to the management layer. ${info.description}` : info.description}
    >
      <StatusIcon status={status} />
      <span data-testid="status">{info.label}</span>
    </ToneBadge>
  );
}
