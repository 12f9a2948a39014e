import type { Prisma, PrismaClient } from '@standby/db';
import { isAlertCondition } from '@standby/domain';
import {
  ALERT_HISTORY_KINDS,
  AppError,
  DELIVERY_STATES,
  type TAlertDeliveryPage,
  type TAlertHistoryEntry,
  type TAlertHistoryPage,
  type TAlertHistoryQuery,
  type TAlertPage,
  type TAlertView,
} from '@standby/protocol';
import type { Actor } from '../enrollment';
import { decodeIdCursor, encodeIdCursor } from '../keyset-cursor';
import { auditAlertChange } from './alert-audit';

const severityOf = (value: string): TAlertView['severity'] =>
  value === 'critical' || value === 'warning' ? value : 'info';
const conditionOf = (value: string) => (isAlertCondition(value) ? value : 'unknown');
const isKind = (value: string): value is TAlertHistoryEntry['kind'] =>
  (ALERT_HISTORY_KINDS as readonly string[]).includes(value);
const noticeOf = (value: string | null) => (value === 'trigger' || value === 'resolve' ? value : null);

/** What happened to alerts, newest first (keyset on the id): fleet-wide, per host, per alert, per kind. */
export async function listAlertHistory(
  prisma: PrismaClient,
  query: TAlertHistoryQuery,
): Promise<TAlertHistoryPage> {
  const scope = 'alert-history';
  const rows = await prisma.alertEvent.findMany({
    where: {
      ...(query.state?.length ? { kind: { in: query.state } } : {}),
      ...(query.hostId ? { hostId: query.hostId } : {}),
      ...(query.alertId ? { alertId: BigInt(query.alertId) } : {}),
      ...(query.cursor ? { id: { lt: decodeIdCursor(query.cursor, scope) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    include: { alert: { select: { condition: true, severity: true, subject: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map((row) => ({
      id: row.id.toString(),
      at: row.at,
      kind: isKind(row.kind) ? row.kind : 'opened',
      alertId: row.alertId.toString(),
      condition: conditionOf(row.alert.condition),
      severity: severityOf(row.alert.severity),
      hostId: row.hostId,
      subject: row.alert.subject,
      notice: noticeOf(row.notice),
      channelName: row.channelName,
      attempt: row.attempt,
      detail: row.detail,
    })),
    nextCursor: rows.length > query.limit && last ? encodeIdCursor(scope, last.id) : null,
  };
}

/** Alerts, newest first: open ones by default (what is wrong now), or closed, or all; per host. */
export async function listAlerts(
  prisma: PrismaClient,
  query: {
    state: 'open' | 'closed' | 'all';
    hostId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<TAlertPage> {
  const scope = `alerts-${query.state}`;
  const rows = await prisma.alert.findMany({
    where: {
      ...(query.state === 'all' ? {} : { state: query.state }),
      ...(query.hostId ? { hostId: query.hostId } : {}),
      ...(query.cursor ? { id: { lt: decodeIdCursor(query.cursor, scope) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    alerts: page.map((row) => ({
      id: row.id.toString(),
      condition: conditionOf(row.condition),
      severity: severityOf(row.severity),
      hostId: row.hostId,
      subject: row.subject,
      summary: row.summary,
      state: row.state === 'closed' ? 'closed' : 'open',
      openedAt: row.openedAt,
      closedAt: row.closedAt,
      triggeredAt: row.triggeredAt,
      silencedUntil: row.silencedUntil,
      finishedAt: row.finishedAt,
    })),
    nextCursor: rows.length > query.limit && last ? encodeIdCursor(scope, last.id) : null,
  };
}

const isDeliveryState = (value: string): value is (typeof DELIVERY_STATES)[number] =>
  (DELIVERY_STATES as readonly string[]).includes(value);

/** Notices per channel, newest first: the dead ones kept for inspection, those being retried. */
export async function listAlertDeliveries(
  prisma: PrismaClient,
  query: {
    state?: (typeof DELIVERY_STATES)[number][] | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<TAlertDeliveryPage> {
  const scope = 'alert-deliveries';
  const where: Prisma.AlertDeliveryWhereInput = {
    ...(query.state?.length ? { state: { in: query.state } } : {}),
    ...(query.cursor ? { id: { lt: decodeIdCursor(query.cursor, scope) } } : {}),
  };
  const rows = await prisma.alertDelivery.findMany({
    where,
    orderBy: { id: 'desc' },
    take: query.limit + 1,
    include: { alert: { select: { condition: true, subject: true, hostId: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    deliveries: page.map((row) => ({
      id: row.id.toString(),
      alertId: row.alertId.toString(),
      condition: conditionOf(row.alert.condition),
      subject: row.alert.subject,
      hostId: row.alert.hostId,
      channelId: row.channelId,
      channelName: row.channelName,
      notice: row.kind === 'resolve' ? 'resolve' : 'trigger',
      state: isDeliveryState(row.state) ? row.state : 'queued',
      attempts: row.attempts,
      nextAttemptAt: row.state === 'queued' || row.state === 'retrying' ? row.nextAttemptAt : null,
      lastError: row.lastError,
      sentAt: row.sentAt,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > query.limit && last ? encodeIdCursor(scope, last.id) : null,
  };
}

/**
 * A dead notice queued again (after its channel was fixed), with a fresh set of attempts. Its
 * delivery key stays the same. CONFLICT when it is not dead.
 */
export async function retryAlertDelivery(
  prisma: PrismaClient,
  id: string,
  actor: Actor,
): Promise<{ requeued: true }> {
  if (!/^\d{1,19}$/.test(id)) throw new AppError('BAD_REQUEST', 'A delivery id is a number.');
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertDelivery.findUnique({ where: { id: BigInt(id) } });
    if (!before) throw new AppError('NOT_FOUND', `No delivery ${id}.`);
    if (before.state !== 'dead')
      throw new AppError('CONFLICT', `Delivery ${id} is ${before.state}, not dead: nothing to retry.`);
    if (!before.channelId) throw new AppError('CONFLICT', `The channel of delivery ${id} was deleted.`);
    await tx.alertDelivery.update({
      where: { id: before.id },
      data: { state: 'queued', attempts: 0, nextAttemptAt: new Date(), lastError: null },
    });
    const alert = await tx.alert.findUniqueOrThrow({
      where: { id: before.alertId },
      select: { hostId: true },
    });
    await tx.alertEvent.create({
      data: {
        alertId: before.alertId,
        deliveryId: before.id,
        hostId: alert.hostId,
        kind: 'queued',
        notice: before.kind,
        channelName: before.channelName,
        detail: `queued again by ${actor.label}`,
      },
    });
    await auditAlertChange(
      tx,
      actor,
      'alert-delivery.retry',
      { type: 'alert-delivery', id },
      {
        before: { state: before.state, attempts: before.attempts, lastError: before.lastError },
        after: { state: 'queued', attempts: 0 },
      },
    );
    return { requeued: true as const };
  });
}
