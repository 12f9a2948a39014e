import type { TFinding } from './finding';
import { formatElapsed } from './format-elapsed';
import type { THostFindingContext } from './host-context';

/**
 * An agent clock off by more than this from the dashboard's is a finding (rule `agent-clock-skew`):
 * well above network delay, well below the skew at which results are refused (docs/DELIVERY.md).
 */
export const CLOCK_SKEW_WARN_MS = 60_000;

/** Whether a measured skew (agent clock minus dashboard clock, ms) is worth a finding. */
export function isClockSkewed(skewMs: number): boolean {
  return Math.abs(skewMs) > CLOCK_SKEW_WARN_MS;
}

/**
 * The agent's clock is ahead of or behind the dashboard's: its times (check start and end, the SIP
 * Server's start) decide what is late, what follows a restart or switchover, and results from too
 * far in the future are refused, so the host's checks may not count.
 */
export function findAgentClockSkew(context: THostFindingContext): TFinding[] {
  const skewMs = context.input.agentClockSkewMs;
  if (skewMs === undefined || !isClockSkewed(skewMs)) return [];
  const direction = skewMs > 0 ? 'ahead of' : 'behind';
  return [
    {
      code: 'agent-clock-skew',
      severity: 'warning',
      message:
        `The agent's clock is ${formatElapsed(Math.abs(skewMs))} ${direction} the dashboard's: ` +
        'its check times cannot be trusted, and results dated in the future are refused. Synchronize the host clock (NTP)',
      rule: 'agent-clock-skew',
    },
  ];
}
