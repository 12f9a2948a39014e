import type { TTone } from '@/lib/tone';
import { ToneBadge } from '../ui/tone-badge';

const TONE: Record<string, TTone> = {
  running: 'info',
  halted: 'warning',
  completed: 'success',
  reverted: 'neutral',
  planned: 'neutral',
  sent: 'info',
  passed: 'success',
  skipped: 'neutral',
};

/** A rollout's or a wave's state, in words (the color repeats them). */
export function RolloutStateBadge({ state, testId }: { state: string; testId?: string }) {
  return (
    <ToneBadge tone={TONE[state] ?? 'neutral'} testId={testId}>
      {state}
    </ToneBadge>
  );
}
