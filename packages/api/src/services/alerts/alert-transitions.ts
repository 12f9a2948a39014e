import {
  alertConditionsOf,
  HOST_ALERT_CONDITIONS,
  type TAlertConditionInput,
  type THostAlertCondition,
} from '@standby/domain';

/** Runs one parameterized statement (a `pg` client in a transaction, or Prisma's). */
interface Queryable {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

/** One condition of one host that opens or closes. */
export interface TAlertTransition {
  hostId: string;
  op: 'open' | 'close';
  condition: THostAlertCondition;
  severity: string;
  subject: string;
  summary: string;
}

/** The key of a host's condition: at most one unfinished alert has it (a partial unique index). */
export const hostAlertKey = (hostId: string, condition: string) => `${hostId}:${condition}`;

/**
 * What changes for one host: the conditions its new verdict puts it in (domain alertConditionsOf)
 * against those its open alerts say it was in. Empty when nothing changed — the usual case, which then
 * costs the verdict writer nothing more.
 */
export function diffAlertConditions(
  hostId: string,
  subject: string,
  verdict: TAlertConditionInput,
  openConditions: readonly string[],
): TAlertTransition[] {
  const open = new Set(openConditions.filter(isHostCondition));
  const active = alertConditionsOf(verdict);
  const transitions: TAlertTransition[] = [];
  for (const condition of active) {
    if (!open.delete(condition.condition)) transitions.push({ hostId, op: 'open', subject, ...condition });
  }
  for (const condition of open) {
    transitions.push({ hostId, op: 'close', condition, severity: '', subject, summary: '' });
  }
  return transitions;
}

function isHostCondition(value: string): value is THostAlertCondition {
  return (HOST_ALERT_CONDITIONS as readonly string[]).includes(value);
}

/**
 * One statement for every transition of a verdict evaluation, in its transaction: a closing condition
 * closes its open alert; an opening one re-opens its alert if that closed less than a hold-down ago
 * and is not finished yet (it must then hold again before a trigger; a trigger already sent stays sent
 * and no resolve goes out), and otherwise opens a new one. Each writes its history row.
 *
 * A re-opening and an insert race the workers finishing the same alert: the insert relies on the
 * partial unique index (live rows, not this statement's snapshot), so exactly one of the two wins.
 */
const TRANSITIONS_SQL = `
WITH v AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS v("hostId" uuid, key text, op text, condition text,
    severity text, subject text, summary text)
),
closed AS (
  UPDATE "Alert" a SET state = 'closed', "closedAt" = now()
  FROM v WHERE v.op = 'close' AND a.key = v.key AND a."finishedAt" IS NULL AND a.state = 'open'
  RETURNING a.id, a."hostId"
),
reopened AS (
  UPDATE "Alert" a SET state = 'open', "closedAt" = NULL, "heldSince" = now(), summary = v.summary,
    severity = v.severity
  FROM v WHERE v.op = 'open' AND a.key = v.key AND a."finishedAt" IS NULL AND a.state = 'closed'
  RETURNING a.id, a."hostId", a.summary
),
opened AS (
  INSERT INTO "Alert" (key, condition, severity, "hostId", subject, summary, "openedAt", "heldSince")
  SELECT v.key, v.condition, v.severity, v."hostId", v.subject, v.summary, now(), now() FROM v
  WHERE v.op = 'open'
  ON CONFLICT (key) WHERE "finishedAt" IS NULL DO NOTHING
  RETURNING id, "hostId", summary
)
INSERT INTO "AlertEvent" ("alertId", "hostId", kind, detail)
SELECT id, "hostId", 'closed', NULL FROM closed
UNION ALL SELECT id, "hostId", 'reopened', summary FROM reopened
UNION ALL SELECT id, "hostId", 'opened', summary FROM opened`;

/** Writes the transitions (nothing when there are none); call it in the verdict's transaction. */
export async function writeAlertTransitions(
  db: Queryable,
  transitions: readonly TAlertTransition[],
): Promise<void> {
  if (transitions.length === 0) return;
  const rows = transitions.map((t) => ({ ...t, key: hostAlertKey(t.hostId, t.condition) }));
  await db.query(TRANSITIONS_SQL, [JSON.stringify(rows)]);
}
