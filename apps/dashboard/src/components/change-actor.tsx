import type { TOptionChangeView } from '@standby/protocol';
import { ToneBadge } from './ui/tone-badge';

/** Who made an option change: a user of Standby, or something else that edited the options file. */
export function ChangeActor({ change }: { change: Pick<TOptionChangeView, 'source' | 'actorEmail'> }) {
  if (change.source === 'outside')
    return (
      <ToneBadge
        tone="warning"
        title="Seen in the options file: edited by hand or by another tool, not sent from this dashboard."
        testId="outside-standby"
      >
        outside Standby
      </ToneBadge>
    );
  return <>{change.actorEmail ?? '—'}</>;
}
