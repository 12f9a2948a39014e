import type { PrismaClient } from '@standby/db';
import {
  AppError,
  type TAlertSilenceCreate,
  type TAlertSilenceView,
  type THostSilence,
} from '@standby/protocol';
import type { Actor } from '../enrollment';
import { auditAlertChange } from './alert-audit';
import { checkScopeExists, scopeColumns, scopeOf } from './alert-scope';

/** The longest maintenance window one silence may be. */
export const MAX_SILENCE_MS = 366 * 24 * 60 * 60 * 1000;

interface SilenceRow {
  id: string;
  scope: string;
  hostIds: string[];
  pairIds: string[];
  startsAt: Date;
  endsAt: Date;
  reason: string;
  createdById: string | null;
  createdByLabel: string | null;
  createdAt: Date;
  endedAt: Date | null;
  endedById: string | null;
}

function toView(row: SilenceRow, now: Date, labels: ReadonlyMap<string, string>): TAlertSilenceView {
  return {
    id: row.id,
    scope: scopeOf(row),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    reason: row.reason,
    state: row.endsAt <= now ? 'ended' : row.startsAt > now ? 'scheduled' : 'active',
    createdBy: row.createdByLabel,
    createdAt: row.createdAt,
    endedAt: row.endedAt,
    endedBy: row.endedById ? (labels.get(row.endedById) ?? row.endedById) : null,
  };
}

const auditView = (row: SilenceRow) => ({
  scope: scopeOf(row),
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  reason: row.reason,
  endedAt: row.endedAt?.toISOString() ?? null,
});

/**
 * A maintenance window for hosts, pairs or the whole fleet, from now (a start in the past counts as
 * now) or scheduled. While it lasts, alert triggers of the hosts it covers are recorded as silenced
 * and not sent; after it, a condition still open is sent, one that closed meanwhile is not.
 */
export async function createAlertSilence(
  prisma: PrismaClient,
  input: TAlertSilenceCreate,
  actor: Actor,
  now = new Date(),
): Promise<TAlertSilenceView> {
  const startsAt = input.startsAt < now ? now : input.startsAt;
  if (input.endsAt <= startsAt)
    throw new AppError('BAD_REQUEST', 'The silence would end before it starts: pick a later end.');
  if (input.endsAt.getTime() - startsAt.getTime() > MAX_SILENCE_MS)
    throw new AppError('BAD_REQUEST', 'A silence lasts at most a year: pick an earlier end.');
  return prisma.$transaction(async (tx) => {
    await checkScopeExists(tx, input.scope);
    const row = await tx.alertSilence.create({
      data: {
        ...scopeColumns(input.scope),
        startsAt,
        endsAt: input.endsAt,
        reason: input.reason,
        createdById: actor.id,
        createdByLabel: actor.label,
      },
    });
    await auditAlertChange(
      tx,
      actor,
      'alert-silence.create',
      { type: 'alert-silence', id: row.id },
      { after: auditView(row) },
    );
    return toView(row, now, new Map([[actor.id, actor.label]]));
  });
}

/**
 * Ends a silence now (or cancels a scheduled one). Alerts it held are looked at again on the workers'
 * next pass: sent if still open and no other silence covers them. `ended: false` when it was over already.
 */
export async function endAlertSilence(
  prisma: PrismaClient,
  id: string,
  actor: Actor,
): Promise<{ ended: boolean; silence: TAlertSilenceView }> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertSilence.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', `No silence ${id}.`);
    const now = new Date();
    if (before.endsAt <= now) return { ended: false, silence: toView(before, now, new Map()) };
    const row = await tx.alertSilence.update({
      where: { id },
      data: {
        endsAt: now,
        startsAt: before.startsAt > now ? now : before.startsAt,
        endedAt: now,
        endedById: actor.id,
      },
    });
    // Held alerts are due again at once (re-silenced if another silence still covers them).
    await tx.$executeRaw`UPDATE "Alert" SET "silencedUntil" = now() WHERE "finishedAt" IS NULL AND "silencedUntil" > now()`;
    await auditAlertChange(
      tx,
      actor,
      'alert-silence.end',
      { type: 'alert-silence', id },
      {
        before: auditView(before),
        after: auditView(row),
      },
    );
    return { ended: true, silence: toView(row, now, new Map([[actor.id, actor.label]])) };
  });
}

/** Active and scheduled silences (and, with includeEnded, past ones), soonest end first then newest. */
export async function listAlertSilences(
  prisma: PrismaClient,
  query: { includeEnded: boolean; limit: number },
): Promise<TAlertSilenceView[]> {
  const now = new Date();
  const rows = await prisma.alertSilence.findMany({
    where: query.includeEnded ? {} : { endsAt: { gt: now } },
    orderBy: query.includeEnded ? [{ endsAt: 'desc' }] : [{ startsAt: 'asc' }, { endsAt: 'asc' }],
    take: query.limit,
  });
  const enders = [...new Set(rows.flatMap((row) => (row.endedById ? [row.endedById] : [])))];
  const users = enders.length
    ? await prisma.user.findMany({ where: { id: { in: enders } }, select: { id: true, email: true } })
    : [];
  return rows.map((row) => toView(row, now, new Map(users.map((user) => [user.id, user.email]))));
}

/**
 * The hosts among `hostIds` that an active silence covers now (directly, through their pair, or
 * fleet-wide), with until when: for the fleet and host pages. One statement.
 */
export async function silencesForHosts(
  prisma: PrismaClient,
  hostIds: readonly string[],
): Promise<THostSilence[]> {
  if (hostIds.length === 0) return [];
  const rows = await prisma.$queryRaw<{ hostId: string; silencedUntil: Date; reasons: string[] }[]>`
    SELECT h.id::text AS "hostId", max(s."endsAt") AS "silencedUntil", array_agg(DISTINCT s.reason) AS reasons
    FROM "Host" h
    JOIN "AlertSilence" s ON s."endedAt" IS NULL AND s."startsAt" <= now() AND s."endsAt" > now()
      AND (s.scope = 'fleet'
        OR (s.scope = 'hosts' AND h.id = ANY(s."hostIds"))
        OR (s.scope = 'pairs' AND h."pairId" = ANY(s."pairIds")))
    WHERE h.id = ANY(${[...new Set(hostIds)]}::uuid[])
    GROUP BY h.id`;
  return rows;
}
