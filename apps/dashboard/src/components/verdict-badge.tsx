import { verdictInfo } from '@/lib/verdict-info';
import { ToneBadge } from './ui/tone-badge';
import { VerdictIcon } from './verdict-icon';

/** The fleet's verdict on a host: icon and words, the colour only repeats them. */
export function VerdictBadge({ verdict }: { verdict: string }) {
  const info = verdictInfo(verdict);
  return (
    <ToneBadge tone={info.tone} title={info.description}>
      <VerdictIcon verdict={verdict} />
      <span data-testid="verdict">{info.label}</span>
    </ToneBadge>
  );
}
