import {
  ALERT_CONDITION_SPECS,
  FLEET_EVENT_AUDIT_ACTIONS,
  fleetEventOfAuditAction,
  type TFleetEventCondition,
} from '@standby/domain';
import { pgTransactions, type SqlQueryable } from '../refresh-host-verdicts';
import type { TAlertWorkerContext } from './alert-settings';

interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  after: unknown;
  hostId: string | null;
  hostKey: string | null;
}

/** How far back the audit log is read (a node down longer than this does not replay older events). */
const LOOKBACK = `interval '1 hour'`;

/**
 * Audit events that open or resolve fleet events, not read yet by any node, claimed in this
 * transaction (AlertSourceEvent's primary key: whoever inserts first reads it, once). Ids do not
 * commit in order, so the look-back is by time, not by a cursor.
 */
const CLAIM_SQL = `
WITH candidates AS (
  SELECT e.id FROM "AuditEvent" e
  WHERE e.at > now() - ${LOOKBACK} AND e.action = ANY($1::text[])
    AND NOT EXISTS (SELECT 1 FROM "AlertSourceEvent" s WHERE s."auditId" = e.id)
  ORDER BY e.id LIMIT 500
), claimed AS (
  INSERT INTO "AlertSourceEvent" ("auditId") SELECT id FROM candidates ON CONFLICT DO NOTHING RETURNING "auditId"
)
SELECT e.id::text AS id, e.at, e.action, e."actorLabel", e."targetType", e."targetId", e.after,
  h.id::text AS "hostId", COALESCE(h.key, e.after->>'hostKey') AS "hostKey"
FROM claimed c JOIN "AuditEvent" e ON e.id = c."auditId"
LEFT JOIN LATERAL (
  SELECT h.id, h.key FROM "Host" h
  WHERE (e."targetType" = 'host'
      AND h.id = CASE WHEN e."targetId" ~* '^[0-9a-f-]{36}$' THEN e."targetId"::uuid END)
    OR (e."targetType" IS DISTINCT FROM 'host' AND h.key = e.after->>'hostKey')
  LIMIT 1
) h ON TRUE
ORDER BY e.id`;

const OPEN_SQL = `
WITH opened AS (
  INSERT INTO "Alert" (key, condition, severity, "hostId", subject, summary, "openedAt", "heldSince")
  VALUES ($1, $2, $3, $4::uuid, $5, $6, $7, $7)
  ON CONFLICT (key) WHERE "finishedAt" IS NULL DO NOTHING
  RETURNING id, "hostId", summary
)
INSERT INTO "AlertEvent" ("alertId", "hostId", kind, detail) SELECT id, "hostId", 'opened', summary FROM opened`;

const CLOSE_SQL = `
WITH closed AS (
  UPDATE "Alert" SET state = 'closed', "closedAt" = now()
  WHERE key = ANY($1::text[]) AND state = 'open' AND "finishedAt" IS NULL AND "openedAt" <= $2
  RETURNING id, "hostId"
)
INSERT INTO "AlertEvent" ("alertId", "hostId", kind, detail) SELECT id, "hostId", 'closed', $3 FROM closed`;

/** The key of a fleet event's alert: one per host (revoked agent) or host key (refused enrollment). */
export function fleetEventKey(
  condition: TFleetEventCondition,
  hostId: string | null,
  hostKey: string | null,
): string {
  return condition === 'agent-revoked'
    ? `${hostId}:agent-revoked`
    : `enrollment-failed:${hostKey ?? 'unknown'}`;
}

/**
 * Reads new fleet events from the audit log (`alert-conditions`): a revoked agent and a refused
 * enrollment open an alert (repeated refusals for one host key fold into the open one); a successful
 * enrollment closes the host's. Every node runs it; each audit event is read once. Returns how many
 * events were read.
 */
export async function readFleetEvents(context: TAlertWorkerContext): Promise<number> {
  return pgTransactions(context.pool)(async (db) => {
    const { rows } = await db.query<AuditRow>(CLAIM_SQL, [FLEET_EVENT_AUDIT_ACTIONS]);
    for (const row of rows) await applyFleetEvent(db, row);
    return rows.length;
  });
}

async function applyFleetEvent(db: SqlQueryable, row: AuditRow): Promise<void> {
  const effect = fleetEventOfAuditAction(row.action);
  if (!effect) return;
  const after = (row.after && typeof row.after === 'object' ? row.after : {}) as Record<string, unknown>;
  const hostKey = row.hostKey ?? (typeof after.hostKey === 'string' ? after.hostKey : null);
  if (effect.effect === 'resolve') {
    const keys = effect.conditions.map((condition) => fleetEventKey(condition, row.hostId, hostKey));
    await db.query(CLOSE_SQL, [keys, row.at, `${hostKey ?? 'the host'} enrolled`]);
    return;
  }
  if (effect.condition === 'agent-revoked' && !row.hostId) return;
  const subject = hostKey ?? row.targetId ?? 'unknown host';
  const reason = typeof after.reason === 'string' ? `: ${after.reason}` : '';
  const summary =
    effect.condition === 'agent-revoked'
      ? `Agent of ${subject} revoked${row.actorLabel ? ` by ${row.actorLabel}` : ''}: the host reports nothing until it enrolls again`
      : `Enrollment refused for ${subject}${reason}`;
  await db.query(OPEN_SQL, [
    fleetEventKey(effect.condition, row.hostId, hostKey),
    effect.condition,
    ALERT_CONDITION_SPECS[effect.condition].severity,
    row.hostId,
    subject,
    summary,
    row.at,
  ]);
}

/** Forgets audit events read more than a day ago (they are past the look-back). */
export async function pruneFleetEventMarks(context: TAlertWorkerContext): Promise<void> {
  await context.pool.query(`DELETE FROM "AlertSourceEvent" WHERE "readAt" < now() - interval '1 day'`);
}
