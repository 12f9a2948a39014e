import type { TChangeTally } from '@standby/protocol';
import { ToneBadge } from '../ui/tone-badge';

/** Flags a change followed by a new failure (a host that passed before it and fails after). */
export function ChangeTallyBadge({ tally }: { tally: TChangeTally }) {
  if (tally.newFailures > 0)
    return (
      <ToneBadge tone="danger" testId="change-new-failures">
        {tally.newFailures} new failure{tally.newFailures === 1 ? '' : 's'}
      </ToneBadge>
    );
  if (tally.failing > 0) return <ToneBadge tone="warning">{tally.failing} failing</ToneBadge>;
  if (tally.waiting > 0) return <ToneBadge tone="info">{tally.waiting} waiting</ToneBadge>;
  return <ToneBadge tone="neutral">no new failure</ToneBadge>;
}
