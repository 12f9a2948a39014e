import type { THostStatus } from '@standby/domain';
import { HOST_STATUS_INFO } from '@/lib/status-info';
import { StatusIcon } from './status-icon';
import { ToneBadge } from './ui/tone-badge';

export function StatusBadge({ status }: { status: THostStatus }) {
  const info = HOST_STATUS_INFO[status];
  return (
    <ToneBadge tone={info.tone} title={info.description}>
      <StatusIcon status={status} />
      <span data-testid="status">{info.label}</span>
    </ToneBadge>
  );
}
