import type { THostSummary } from '@standby/protocol';
import { isRechecking, shownStatus } from '@/lib/shown-status';
import { RecheckingHint } from '../rechecking-hint';
import { StatusBadge } from '../status-badge';
import { ToneBadge } from '../ui/tone-badge';

/** What the SIP Server reports (secondary to the verdict), a re-check in progress, a pending restart. */
export function StatusCell({ host }: { host: THostSummary }) {
  return (
    <div className="flex flex-wrap items-center gap-1">
      <StatusBadge status={shownStatus(host)} secondary />
      {isRechecking(host) ? <RecheckingHint /> : null}
      {host.pendingRestart ? <ToneBadge tone="warning">pending restart</ToneBadge> : null}
    </div>
  );
}
