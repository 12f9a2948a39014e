import type { TRolloutPlan, TWaveTally } from '@standby/protocol';

export type TWaveDecision =
  | { kind: 'wait' }
  | { kind: 'pass' }
  | { kind: 'halt'; reason: string }
  | { kind: 'timed-out'; reason: string };

type HaltRule = Pick<TRolloutPlan, 'haltCount' | 'haltPercent'>;

/** Rejected or failing the check after the restart: what counts against a wave. */
export const failuresOf = (tally: TWaveTally) => tally.rejected + tally.failing;

/**
 * What a wave's tally says: halt as soon as the failures reach the halt rule (N hosts or X% of the
 * wave), even with hosts still pending; pass once every host is done (passed, unchanged, or failed
 * under the rule); past its timeout an undecided wave halts too, waiting for an operator.
 */
export function decideWave(
  tally: TWaveTally,
  rule: HaltRule,
  elapsedSec: number,
  timeoutSec: number,
): TWaveDecision {
  const failures = failuresOf(tally);
  const byCount = rule.haltCount !== undefined && failures >= rule.haltCount;
  const byPercent =
    rule.haltPercent !== undefined && failures > 0 && failures * 100 >= rule.haltPercent * tally.hosts;
  if (byCount || byPercent) {
    const parts = [
      tally.rejected ? `${tally.rejected} rejected the change` : '',
      tally.failing ? `${tally.failing} failed the check after the restart` : '',
    ].filter(Boolean);
    return { kind: 'halt', reason: `${parts.join(', ')} (of ${tally.hosts} hosts)` };
  }
  if (tally.waiting === 0 && tally.applied === 0) return { kind: 'pass' };
  if (elapsedSec >= timeoutSec) {
    const parts = [
      tally.waiting ? `${tally.waiting} not acknowledged by the agent` : '',
      tally.applied ? `${tally.applied} applied but not restarted and checked` : '',
    ].filter(Boolean);
    return { kind: 'timed-out', reason: `no decision after ${timeoutSec} s: ${parts.join(', ')}` };
  }
  return { kind: 'wait' };
}
