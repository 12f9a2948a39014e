import { formatElapsed } from '@standby/domain';
import type { TCheckResult } from '@standby/protocol';

/**
 * How far ahead of the dashboard's clock an agent's time may be (rule `agent-clock-skew`): room for
 * an agent clock a little off, never enough to let a wrong clock reorder a host's history.
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/**
 * The oldest result the dashboard stores: the agent's spool holds 10,000 results (about a week at one
 * check a minute, longer at a slower pace), and a result this old says nothing about the host now.
 */
export const MAX_RESULT_AGE_MS = 30 * 86_400_000;

export type TResultTimeJudgement =
  | { ok: true }
  | {
      ok: false;
      /** The field, as named in the refusal (`result.finishedAt`). */
      field: string;
      message: string;
      /** Set when the time is in the future: how far the agent's clock is ahead (ms). */
      aheadByMs?: number;
    };

/**
 * A result's times judged against the dashboard's clock at ingest (not in the shared schema: the agent
 * validates with it too, against its own clock): none later than now + CLOCK_SKEW_ALLOWANCE_MS, the
 * run's own times not older than MAX_RESULT_AGE_MS (a SIP Server may have started long before).
 */
export function judgeResultTimes(
  result: Pick<TCheckResult, 'startedAt' | 'finishedAt' | 'serverStartedAt'>,
  receivedAt: Date,
): TResultTimeJudgement {
  const now = receivedAt.getTime();
  const times: [field: string, value: string | null, mayBeOld: boolean][] = [
    ['result.finishedAt', result.finishedAt, false],
    ['result.startedAt', result.startedAt, false],
    ['result.serverStartedAt', result.serverStartedAt, true],
  ];
  for (const [field, value, mayBeOld] of times) {
    if (value === null) continue;
    const at = Date.parse(value);
    if (at - now > CLOCK_SKEW_ALLOWANCE_MS) {
      return {
        ok: false,
        field,
        aheadByMs: at - now,
        message:
          `${field}: ${value} is ${formatElapsed(at - now)} ahead of the dashboard's clock ` +
          `(allowed: ${formatElapsed(CLOCK_SKEW_ALLOWANCE_MS)}); the agent's clock is wrong — synchronize it (NTP)`,
      };
    }
    if (!mayBeOld && now - at > MAX_RESULT_AGE_MS) {
      return {
        ok: false,
        field,
        message: `${field}: ${value} is older than ${MAX_RESULT_AGE_MS / 86_400_000} days: too old to store`,
      };
    }
  }
  return { ok: true };
}

/** A time the agent reports for information only (a check's start): never later than it could be. */
export function clampAgentTime(value: string, receivedAt: Date): string {
  return Date.parse(value) > receivedAt.getTime() + CLOCK_SKEW_ALLOWANCE_MS
    ? receivedAt.toISOString()
    : value;
}
