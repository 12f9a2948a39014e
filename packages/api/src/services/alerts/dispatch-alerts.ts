import { ALERT_CONDITION_SPECS, ALERT_CONDITIONS } from '@standby/domain';
import { pgTransactions, type SqlQueryable } from '../refresh-host-verdicts';
import type { TAlertWorkerContext } from './alert-settings';

/** Conditions sent without a hold-down (fleet events: they do not flap). */
const AT_ONCE = ALERT_CONDITIONS.filter((condition) => !ALERT_CONDITION_SPECS[condition].holdDown);

interface DueAlert {
  id: string;
  key: string;
  condition: string;
  hostId: string | null;
  pairId: string | null;
  state: 'open' | 'closed';
  triggeredAt: Date | null;
  silencedUntil: Date | null;
}

/**
 * Alerts whose next step is due, locked for this transaction; a row another node holds is skipped
 * (it is deciding it). Open: held for the hold-down, not triggered, not silenced until later. Closed:
 * closed for the hold-down (a re-opening before then keeps the alert and sends nothing).
 */
const DUE_SQL = `
SELECT a.id::text AS id, a.key, a.condition, a."hostId"::text AS "hostId", h."pairId"::text AS "pairId", a.state,
  a."triggeredAt", a."silencedUntil"
FROM "Alert" a LEFT JOIN "Host" h ON h.id = a."hostId"
WHERE a."finishedAt" IS NULL AND (
  (a.state = 'open' AND a."triggeredAt" IS NULL
    AND a."heldSince" <= now() - CASE WHEN a.condition = ANY($2::text[]) THEN interval '0' ELSE $1 * interval '1 millisecond' END
    AND (a."silencedUntil" IS NULL OR a."silencedUntil" <= now()))
  OR (a.state = 'closed'
    AND a."closedAt" <= now() - CASE WHEN a.condition = ANY($2::text[]) THEN interval '0' ELSE $1 * interval '1 millisecond' END))
ORDER BY a.id
LIMIT $3
FOR UPDATE OF a SKIP LOCKED`;

/** The silences covering a host (or, with no host, the fleet-wide ones) now. */
const SILENCE_SQL = `
SELECT max(s."endsAt") AS until, array_agg(s.reason ORDER BY s."endsAt" DESC) AS reasons
FROM "AlertSilence" s
WHERE s."endedAt" IS NULL AND s."startsAt" <= now() AND s."endsAt" > now()
  AND (s.scope = 'fleet'
    OR (s.scope = 'hosts' AND $1::uuid = ANY(s."hostIds"))
    OR (s.scope = 'pairs' AND $2::uuid = ANY(s."pairIds")))`;

/** The enabled channels the enabled rules send this condition of this host to. */
const ROUTE_SQL = `
SELECT DISTINCT c.id::text AS id, c.name
FROM "AlertRule" r JOIN "AlertChannel" c ON (r."allChannels" OR c.id = ANY(r."channelIds"))
WHERE r.enabled AND c.enabled AND $1 = ANY(r.conditions)
  AND (r.scope = 'fleet'
    OR (r.scope = 'hosts' AND $2::uuid = ANY(r."hostIds"))
    OR (r.scope = 'pairs' AND $3::uuid = ANY(r."pairIds")))
ORDER BY c.name`;

const QUEUE_SQL = `
WITH queued AS (
  INSERT INTO "AlertDelivery" ("dedupKey", "alertId", "channelId", "channelName", kind)
  SELECT $1::bigint || ':' || $2 || ':' || c.id, $1::bigint, c.id, c.name, $2
  FROM jsonb_to_recordset($3::jsonb) AS c(id uuid, name text)
  ON CONFLICT ("dedupKey") DO NOTHING
  RETURNING id, "alertId", "channelName", kind
)
INSERT INTO "AlertEvent" ("alertId", "deliveryId", "hostId", kind, notice, "channelName")
SELECT q."alertId", q.id, $4::uuid, 'queued', q.kind, q."channelName" FROM queued q`;

const EVENT_SQL = `INSERT INTO "AlertEvent" ("alertId", "hostId", kind, detail) VALUES ($1::bigint, $2::uuid, $3, $4)`;

/**
 * Decides every alert whose next step is due, in one transaction per batch (rows locked, others'
 * skipped): a trigger is queued to the channels the rules name — or recorded as silenced while a
 * silence covers the host, and looked at again when it ends; an alert closed for the hold-down is
 * finished, with a resolve queued for each channel its trigger reached (a trigger still waiting is
 * canceled instead: a resolve is only ever sent for a sent trigger). Returns how many were decided.
 */
export async function dispatchDueAlerts(context: TAlertWorkerContext, batch = 100): Promise<number> {
  const { settings } = context;
  return pgTransactions(context.pool)(async (db) => {
    const { rows } = await db.query<DueAlert>(DUE_SQL, [settings.holdDownMs, AT_ONCE, batch]);
    let decided = 0;
    for (const alert of rows) {
      if (alert.state === 'open') await decideTrigger(db, alert);
      else if (!(await finishClosed(db, alert))) continue;
      decided++;
    }
    return decided;
  });
}

async function decideTrigger(db: SqlQueryable, alert: DueAlert): Promise<void> {
  const silence = (
    await db.query<{ until: Date | null; reasons: string[] | null }>(SILENCE_SQL, [
      alert.hostId,
      alert.pairId,
    ])
  ).rows[0];
  if (silence?.until) {
    await db.query(`UPDATE "Alert" SET "silencedUntil" = $2 WHERE id = $1::bigint`, [
      alert.id,
      silence.until,
    ]);
    await db.query(EVENT_SQL, [
      alert.id,
      alert.hostId,
      'silenced',
      `silenced until ${silence.until.toISOString()} (${(silence.reasons ?? []).join('; ')}): sent then if still open`,
    ]);
    return;
  }
  const channels = (
    await db.query<{ id: string; name: string }>(ROUTE_SQL, [alert.condition, alert.hostId, alert.pairId])
  ).rows;
  await db.query(`UPDATE "Alert" SET "triggeredAt" = now(), "silencedUntil" = NULL WHERE id = $1::bigint`, [
    alert.id,
  ]);
  if (channels.length === 0) {
    await db.query(EVENT_SQL, [
      alert.id,
      alert.hostId,
      'unrouted',
      'no enabled rule sends this condition to an enabled channel',
    ]);
    return;
  }
  await db.query(QUEUE_SQL, [alert.id, 'trigger', JSON.stringify(channels), alert.hostId]);
}

/** False when a trigger is being sent right now: decided on a later pass, once its outcome is known. */
async function finishClosed(db: SqlQueryable, alert: DueAlert): Promise<boolean> {
  if (!alert.triggeredAt) {
    await db.query(`UPDATE "Alert" SET "finishedAt" = now() WHERE id = $1::bigint`, [alert.id]);
    await db.query(EVENT_SQL, [
      alert.id,
      alert.hostId,
      'dropped',
      alert.silencedUntil
        ? 'closed while silenced: nothing was sent'
        : 'closed within the hold-down: nothing was sent',
    ]);
    return true;
  }
  const { rows: triggers } = await db.query<{
    id: string;
    channelId: string | null;
    channelName: string;
    state: string;
  }>(
    `SELECT id::text AS id, "channelId"::text AS "channelId", "channelName", state FROM "AlertDelivery"
     WHERE "alertId" = $1::bigint AND kind = 'trigger' ORDER BY id FOR UPDATE`,
    [alert.id],
  );
  if (triggers.some((trigger) => trigger.state === 'sending')) return false;
  const waiting = triggers.filter((trigger) => trigger.state === 'queued' || trigger.state === 'retrying');
  if (waiting.length) {
    await db.query(
      `WITH canceled AS (
         UPDATE "AlertDelivery" SET state = 'canceled', "leaseUntil" = NULL WHERE id = ANY($1::bigint[])
         RETURNING id, "alertId", "channelName", attempts)
       INSERT INTO "AlertEvent" ("alertId", "deliveryId", "hostId", kind, notice, "channelName", attempt, detail)
       SELECT "alertId", id, $2::uuid, 'canceled', 'trigger', "channelName", attempts,
         'the condition ended before this trigger was delivered: neither it nor a resolve is sent'
       FROM canceled`,
      [waiting.map((trigger) => trigger.id), alert.hostId],
    );
  }
  const reached = triggers.filter((trigger) => trigger.state === 'sent' && trigger.channelId);
  if (reached.length) {
    await db.query(QUEUE_SQL, [
      alert.id,
      'resolve',
      JSON.stringify(reached.map((trigger) => ({ id: trigger.channelId, name: trigger.channelName }))),
      alert.hostId,
    ]);
  }
  await db.query(`UPDATE "Alert" SET "finishedAt" = now() WHERE id = $1::bigint`, [alert.id]);
  await db.query(EVENT_SQL, [
    alert.id,
    alert.hostId,
    'resolved',
    reached.length
      ? `resolve queued to ${reached.length} channel(s)`
      : 'no trigger was delivered: no resolve to send',
  ]);
  return true;
}
