import type { TAlertChannelConfig } from '@standby/protocol';
import { buildAlertNotice } from './alert-notice';
import { retryDelayMs, type TAlertWorkerContext } from './alert-settings';
import { ChannelDeliveryError, sendAlertNotice } from './channels/index';

interface ClaimedDelivery {
  id: string;
  alertId: string;
  channelId: string | null;
  channelName: string;
  kind: 'trigger' | 'resolve';
  attempts: number;
  prevState: string;
  prevNode: string | null;
  key: string;
  condition: string;
  severity: string;
  hostId: string | null;
  subject: string;
  summary: string;
  openedAt: Date;
  closedAt: Date | null;
  channelConfig: TAlertChannelConfig | null;
  channelEnabled: boolean | null;
  hostname: string | null;
  application: string | null;
  verdict: string | null;
  verdictReasons: unknown;
  pairId: string | null;
  pairName: string | null;
}

/**
 * The claim: one statement (atomic, committed before anything is sent) takes due notices nobody holds
 * — waiting ones, and ones whose holder's lease ran out (a node that died mid-send) — and makes them
 * this node's until the lease ends. Rows another node is claiming are skipped, never waited for.
 */
const CLAIM_SQL = `
WITH due AS (
  SELECT id, state AS "prevState", "leasedBy" AS "prevNode" FROM "AlertDelivery"
  WHERE (state IN ('queued', 'retrying') AND "nextAttemptAt" <= now())
     OR (state = 'sending' AND "leaseUntil" < now())
  ORDER BY "nextAttemptAt", id
  LIMIT $3
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE "AlertDelivery" d SET state = 'sending', attempts = d.attempts + 1,
    "leaseUntil" = now() + $2 * interval '1 millisecond', "leasedBy" = $1
  FROM due WHERE d.id = due.id
  RETURNING d.id, d."alertId", d."channelId", d."channelName", d.kind, d.attempts, due."prevState", due."prevNode"
)
SELECT c.id::text AS id, c."alertId"::text AS "alertId", c."channelId"::text AS "channelId", c."channelName",
  c.kind, c.attempts, c."prevState", c."prevNode",
  a.key, a.condition, a.severity, a."hostId"::text AS "hostId", a.subject, a.summary, a."openedAt", a."closedAt",
  ch.config AS "channelConfig", ch.enabled AS "channelEnabled",
  h.hostname, h.application, h.verdict, h."verdictReasons", p.id::text AS "pairId", p.name AS "pairName"
FROM claimed c
JOIN "Alert" a ON a.id = c."alertId"
LEFT JOIN "AlertChannel" ch ON ch.id = c."channelId"
LEFT JOIN "Host" h ON h.id = a."hostId"
LEFT JOIN "HaPair" p ON p.id = h."pairId"
ORDER BY c.id`;

/**
 * The outcome, written only by the claim's holder (same node, same attempt, still sending): a node
 * whose lease ran out and was overtaken cannot overwrite the newer attempt. Its history row is
 * written by the same statement.
 */
const FINISH_SQL = `
WITH done AS (
  UPDATE "AlertDelivery" SET state = $4, "leaseUntil" = NULL, "lastError" = $5,
    "sentAt" = CASE WHEN $4 = 'sent' THEN now() ELSE "sentAt" END,
    "nextAttemptAt" = CASE WHEN $4 = 'retrying' THEN now() + $6 * interval '1 millisecond' ELSE "nextAttemptAt" END
  WHERE id = $1::bigint AND state = 'sending' AND "leasedBy" = $2 AND attempts = $3
  RETURNING id, "alertId", "channelName", kind, attempts
)
INSERT INTO "AlertEvent" ("alertId", "deliveryId", "hostId", kind, notice, "channelName", attempt, detail)
SELECT d."alertId", d.id, a."hostId", e.kind, d.kind, d."channelName", d.attempts, e.detail
FROM done d JOIN "Alert" a ON a.id = d."alertId"
CROSS JOIN LATERAL jsonb_to_recordset($7::jsonb) AS e(kind text, detail text)
RETURNING kind`;

const NOTE_SQL = `
INSERT INTO "AlertEvent" ("alertId", "deliveryId", "hostId", kind, notice, "channelName", attempt, detail)
SELECT d."alertId", d.id, a."hostId", 'failed', d.kind, d."channelName", $2, $3
FROM "AlertDelivery" d JOIN "Alert" a ON a.id = d."alertId" WHERE d.id = $1::bigint`;

/**
 * Sends every due notice this node can claim (at most `batch` at once, concurrently) and records each
 * outcome: sent; failed and retried later (exponential backoff); dead after the last attempt or at
 * once when the receiver refused it for good (fix the channel, then retry it from the API). A channel
 * deleted or turned off meanwhile cancels its notices. Returns how many were attempted.
 */
export async function deliverDueAlerts(
  context: TAlertWorkerContext,
  options: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const { pool, nodeId, settings } = context;
  const { rows } = await pool.query<ClaimedDelivery>(CLAIM_SQL, [
    nodeId,
    settings.leaseMs,
    options.batch ?? 20,
  ]);
  await Promise.all(rows.map((delivery) => deliverOne(context, delivery, options.signal)));
  return rows.length;
}

async function deliverOne(
  context: TAlertWorkerContext,
  delivery: ClaimedDelivery,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { pool, nodeId, settings } = context;
  const finish = (
    state: string,
    error: string | null,
    delayMs: number,
    events: { kind: string; detail: string | null }[],
  ) =>
    pool.query(FINISH_SQL, [
      delivery.id,
      nodeId,
      delivery.attempts,
      state,
      error,
      delayMs,
      JSON.stringify(events),
    ]);
  if (delivery.prevState === 'sending') {
    // Its holder stopped before saying how it went: maybe sent, maybe not. Sent again with the same key.
    await pool.query(NOTE_SQL, [
      delivery.id,
      delivery.attempts - 1,
      `node ${delivery.prevNode ?? '?'} did not confirm this attempt before its lease ran out: sent again with the same delivery key`,
    ]);
  }
  if (!delivery.channelConfig || !delivery.channelEnabled) {
    const why = delivery.channelConfig ? 'the channel was turned off' : 'the channel was deleted';
    await finish('canceled', why, 0, [{ kind: 'canceled', detail: `${why}: not sent` }]);
    return;
  }
  const notice = buildAlertNotice(
    {
      alertId: delivery.alertId,
      key: delivery.key,
      notice: delivery.kind,
      condition: delivery.condition,
      severity: delivery.severity,
      subject: delivery.subject,
      summary: delivery.summary,
      openedAt: delivery.openedAt,
      closedAt: delivery.closedAt,
      hostId: delivery.hostId,
      hostname: delivery.hostname,
      application: delivery.application,
      pairId: delivery.pairId,
      pairName: delivery.pairName,
      verdict: delivery.verdict,
      verdictReasons: delivery.verdictReasons,
    },
    settings.publicUrl,
  );
  try {
    await sendAlertNotice(delivery.channelConfig, notice, {
      timeoutMs: settings.sendTimeoutMs,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    const failure =
      error instanceof ChannelDeliveryError
        ? error
        : new ChannelDeliveryError(`unexpected failure: ${(error as Error)?.message ?? String(error)}`, {
            retryable: true,
          });
    const dead = !failure.retryable || delivery.attempts >= settings.maxAttempts;
    const delayMs = dead ? 0 : retryDelayMs(settings, delivery.attempts, failure.retryAfterMs);
    const events = [{ kind: 'failed', detail: failure.message }];
    if (dead)
      events.push({
        kind: 'dead',
        detail: failure.retryable
          ? `gave up after ${delivery.attempts} attempts`
          : 'the receiver refused it: fix the channel, then retry the delivery',
      });
    await finish(dead ? 'dead' : 'retrying', failure.message, delayMs, events);
    return;
  }
  await finish('sent', null, 0, [{ kind: 'sent', detail: null }]);
}
