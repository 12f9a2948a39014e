import type { PrismaClient } from '@standby/db';
import { COMPONENT_LABELS } from '@standby/domain';
import {
  AppError,
  type TChangeDetail,
  type TChangeHostOutcome,
  type TChangeList,
  type TChangeSummary,
  type TChangeTally,
  type THostChangeMarker,
} from '@standby/protocol';
import { decodeIdCursor, encodeIdCursor } from './keyset-cursor';
import { readOptionsMap } from './stored-json';

/**
 * Per command of the given change requests: its host, state, and the runs linked to it — runs whose SIP
 * Server start is after the command was applied, up to the host's next applied set-options command (a
 * later change answers for the runs after it). Before: the host's latest run started before the change.
 * Agent clocks date the runs, the dashboard dates the ack: a skew of seconds is tolerated by design.
 */
const PER_HOST_SQL = `
SELECT c."requestId"::text AS "requestId", c."rolloutId"::text AS "rolloutId", c.wave, c.id::text AS "commandId", c."hostId"::text AS "hostId",
  h.hostname, h.application, c.state, c."stateReason", c."ackedAt",
  (c.state = 'applied' AND (h."serverStartedAt" > c."ackedAt" OR linked.runs > 0)) AS restarted,
  COALESCE(linked.runs, 0)::int AS "linkedRuns",
  before.status AS "statusBefore",
  after.id::text AS "afterRunId", after.status AS "statusAfter", after."startedAt" AS "afterStartedAt",
  after."portState", after.port, after."portReason",
  (SELECT jsonb_agg(jsonb_build_object('name', cr.name, 'state', cr.state)) FROM "ComponentResult" cr
    WHERE cr."runId" = after.id AND cr.state NOT IN ('ready', 'skipped')) AS "failedComponents",
  (SELECT jsonb_agg(jsonb_build_object('option', oc.option, 'from', oc."oldValue", 'to', oc."newValue") ORDER BY oc.id)
    FROM "OptionChange" oc WHERE oc."commandId" = c.id) AS changes
FROM "AgentCommand" c
JOIN "Host" h ON h.id = c."hostId"
LEFT JOIN LATERAL (
  SELECT min(n."ackedAt") AS at FROM "AgentCommand" n
  WHERE n."hostId" = c."hostId" AND n.kind = 'set-options' AND n.state = 'applied' AND n.id > c.id
) next ON TRUE
LEFT JOIN LATERAL (
  SELECT count(*) AS runs FROM "CheckRun" r
  WHERE c.state = 'applied' AND r."hostId" = c."hostId" AND r."serverStartedAt" > c."ackedAt"
    AND (next.at IS NULL OR r."serverStartedAt" < next.at)
) linked ON TRUE
LEFT JOIN LATERAL (
  SELECT r.id, r.status, r."startedAt", r."portState", r.port, r."portReason" FROM "CheckRun" r
  WHERE c.state = 'applied' AND r."hostId" = c."hostId" AND r."serverStartedAt" > c."ackedAt"
    AND (next.at IS NULL OR r."serverStartedAt" < next.at)
  ORDER BY r."startedAt" DESC, r.id DESC LIMIT 1
) after ON TRUE
LEFT JOIN LATERAL (
  SELECT r.status FROM "CheckRun" r WHERE r."hostId" = c."hostId" AND r."startedAt" < c."createdAt"
  ORDER BY r."startedAt" DESC, r.id DESC LIMIT 1
) before ON TRUE
WHERE c."requestId" = ANY($1::bigint[])
ORDER BY c."requestId", h.hostname, h.application`;

interface PerHostRow {
  requestId: string;
  rolloutId: string | null;
  wave: number | null;
  commandId: string;
  hostId: string;
  hostname: string;
  application: string;
  state: string;
  stateReason: string | null;
  ackedAt: Date | null;
  restarted: boolean | null;
  linkedRuns: number;
  statusBefore: string | null;
  afterRunId: string | null;
  statusAfter: string | null;
  afterStartedAt: Date | null;
  portState: string | null;
  port: number | null;
  portReason: string | null;
  failedComponents: { name: string; state: string }[] | null;
  changes: { option: string; from: string | null; to: string }[] | null;
}

const FAILED = 'SERVICE_UNAVAILABLE';
const SCOPE = 'change-requests';

/** changes.requests: change requests newest first, each with what followed it on its hosts. */
export async function listChangeOutcomes(
  prisma: PrismaClient,
  query: { limit: number; cursor?: string | undefined; onlyNewFailures?: boolean | undefined },
): Promise<TChangeList> {
  const requests = await prisma.changeRequest.findMany({
    where: query.cursor ? { id: { lt: decodeIdCursor(query.cursor, SCOPE) } } : {},
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = requests.slice(0, query.limit);
  const rows = await perHostRows(
    prisma,
    page.map((request) => request.id),
  );
  const summaries = page.map((request) =>
    summarize(
      request,
      rows.filter((row) => row.requestId === request.id.toString()),
    ),
  );
  const last = page[page.length - 1];
  return {
    changes: query.onlyNewFailures ? summaries.filter((s) => s.tally.newFailures > 0) : summaries,
    nextCursor: requests.length > query.limit && last ? encodeIdCursor(SCOPE, last.id) : null,
  };
}

/** changes.outcome: one change request and, per host, what followed it. */
export async function getChangeOutcome(prisma: PrismaClient, requestId: string): Promise<TChangeDetail> {
  const request = await prisma.changeRequest.findUnique({ where: { id: BigInt(requestId) } });
  if (!request) throw new AppError('NOT_FOUND', `Change #${requestId} does not exist.`);
  const rows = await perHostRows(prisma, [request.id]);
  return { ...summarize(request, rows), hosts: rows.map(toHostOutcome) };
}

/** changes.hostMarkers: the changes applied on one host, oldest first, for its startup chart. */
export async function listHostChangeMarkers(
  prisma: PrismaClient,
  hostId: string,
  limit: number,
): Promise<THostChangeMarker[]> {
  const commands = await prisma.agentCommand.findMany({
    where: { hostId, kind: 'set-options', state: 'applied', ackedAt: { not: null } },
    orderBy: { id: 'desc' },
    take: limit,
    include: {
      optionChanges: { orderBy: { id: 'asc' } },
      request: { select: { actorLabel: true } },
    },
  });
  return commands.reverse().map((command) => ({
    requestId: command.requestId?.toString() ?? null,
    commandId: command.id.toString(),
    appliedAt: command.ackedAt!,
    changes: command.optionChanges.map((change) => ({
      option: change.option,
      from: change.oldValue,
      to: change.newValue,
    })),
    actorLabel: command.request?.actorLabel ?? null,
  }));
}

async function perHostRows(prisma: PrismaClient, requestIds: readonly bigint[]): Promise<PerHostRow[]> {
  if (requestIds.length === 0) return [];
  return prisma.$queryRawUnsafe<PerHostRow[]>(
    PER_HOST_SQL,
    requestIds.map((id) => id.toString()),
  );
}

interface RequestRow {
  id: bigint;
  createdAt: Date;
  actorLabel: string;
  reason: string | null;
  values: unknown;
}

function summarize(request: RequestRow, rows: readonly PerHostRow[]): TChangeSummary {
  return {
    id: request.id.toString(),
    createdAt: request.createdAt,
    actorLabel: request.actorLabel,
    reason: request.reason,
    values: readOptionsMap(request.values) as Record<string, string>,
    // A rollout's wave is one request of its own: its commands carry the rollout and the wave.
    rolloutId: rows[0]?.rolloutId ?? null,
    wave: rows[0]?.wave ?? null,
    tally: tallyOf(rows),
  };
}

export function tallyOf(rows: readonly PerHostRow[]): TChangeTally {
  const outcomes = rows.map(toHostOutcome);
  return {
    hosts: outcomes.length,
    applied: outcomes.filter((o) => o.state === 'applied').length,
    rejected: outcomes.filter((o) => o.state === 'rejected').length,
    waiting: outcomes.filter((o) => o.state === 'pending' || o.state === 'delivered').length,
    restarted: outcomes.filter((o) => o.restarted).length,
    failing: outcomes.filter((o) => o.failing).length,
    newFailures: outcomes.filter((o) => o.newFailure).length,
  };
}

function toHostOutcome(row: PerHostRow): TChangeHostOutcome {
  const failing = row.statusAfter === FAILED;
  return {
    hostId: row.hostId,
    hostname: row.hostname,
    application: row.application,
    commandId: row.commandId,
    state: row.state,
    stateReason: row.stateReason,
    appliedAt: row.state === 'applied' ? row.ackedAt : null,
    changes: row.changes ?? [],
    restarted: row.restarted ?? false,
    linkedRuns: row.linkedRuns,
    statusAfter: row.statusAfter,
    statusBefore: row.statusBefore,
    failing,
    newFailure: failing && row.statusBefore === 'RUNNING',
    failure:
      failing && row.afterRunId && row.afterStartedAt
        ? {
            runId: row.afterRunId,
            startedAt: row.afterStartedAt,
            components: (row.failedComponents ?? []).map((component) => ({
              ...component,
              label: (COMPONENT_LABELS as Record<string, string>)[component.name] ?? component.name,
            })),
            portState: row.portState ?? 'not-run',
            port: row.port,
            portReason: row.portReason,
          }
        : null,
  };
}
