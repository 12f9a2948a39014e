import { clampAgentTime, recordAgentClockSkew } from '@standby/api';
import type { PgPool } from '@standby/db';
import type { TAgentHello, TCheckStarted } from '@standby/protocol';

/**
 * A hello judged against the dashboard's clock: its SIP Server start is never taken as later than
 * the hello's arrival (plus the allowance; a start "in the future" would make every check look older
 * than it), and when the agent says its own time (`sentAt`, newer agents) the skew is measured.
 */
export function readHelloClock(
  hello: TAgentHello,
  receivedAt: Date,
): { hello: TAgentHello; skewMs?: number } {
  const serverStartedAt = hello.serverStartedAt && clampAgentTime(hello.serverStartedAt, receivedAt);
  return {
    hello: { ...hello, serverStartedAt },
    ...(hello.sentAt ? { skewMs: Date.parse(hello.sentAt) - receivedAt.getTime() } : {}),
  };
}

/** A check start dated in the future (past the allowance) is shown as starting now. */
export function readCheckStartedClock(started: TCheckStarted, receivedAt: Date): TCheckStarted {
  return { ...started, startedAt: clampAgentTime(started.startedAt, receivedAt) };
}

/**
 * Records the measured skew in the background (the hello's answer does not wait for it); a failure
 * only delays the finding to the next hello. Hosts evaluated again go to `changed` (live updates).
 */
export function noteAgentClockSkew(
  pool: PgPool,
  hostId: string,
  skewMs: number | undefined,
  changed: (hostId: string) => void,
): void {
  if (skewMs === undefined) return;
  recordAgentClockSkew(pool, hostId, skewMs)
    .then((evaluated) => {
      for (const id of evaluated) changed(id);
    })
    .catch(() => undefined);
}
