'use client';

import type { THostSilence } from '@standby/protocol';
import { useHostSilence } from '@/lib/alerts-host-silences';
import { useNow } from '@/lib/use-now';
import { ToneBadge } from '../ui/tone-badge';

/** "2:30 PM" today, "Dec 3, 2:30 PM" on another day. */
function formatUntil(until: Date, now: number): string {
  const sameDay = new Date(now).toDateString() === until.toDateString();
  return sameDay
    ? until.toLocaleTimeString(undefined, { timeStyle: 'short' })
    : until.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "silenced until …" when a silence covers the host now (its alerts are recorded, not sent); else nothing. */
export function HostSilenceBadge({ hostId }: { hostId: string }) {
  const silence = useHostSilence(hostId);
  // Only a silenced host follows the clock: the fleet's other rows do not render again every tick.
  return silence ? <SilenceBadge silence={silence} /> : null;
}

function SilenceBadge({ silence }: { silence: THostSilence }) {
  const now = useNow();
  if (silence.silencedUntil.getTime() <= now) return null;
  return (
    <ToneBadge
      tone="info"
      testId="silence-badge"
      title={`Alerts are not sent until ${silence.silencedUntil.toLocaleString()}${
        silence.reasons.length ? `: ${silence.reasons.join('; ')}` : ''
      }`}
    >
      <svg viewBox="0 0 12 12" className="size-3" aria-hidden="true" fill="currentColor">
        <path d="M6 1.2a3.3 3.3 0 0 0-3.3 3.3v2L1.6 8.2v.6h8.8v-.6L9.3 6.5v-2A3.3 3.3 0 0 0 6 1.2M4.8 9.6a1.2 1.2 0 0 0 2.4 0zM1.2 1.9l.7-.7 8.9 8.9-.7.7z" />
      </svg>
      silenced until {formatUntil(silence.silencedUntil, now)}
    </ToneBadge>
  );
}
