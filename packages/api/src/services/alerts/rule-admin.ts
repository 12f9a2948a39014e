import type { PrismaClient } from '@standby/db';
import { isAlertCondition } from '@standby/domain';
import {
  AppError,
  type TAlertRuleCreate,
  type TAlertRuleUpdate,
  type TAlertRuleView,
} from '@standby/protocol';
import type { Actor } from '../enrollment';
import { auditAlertChange, isUniqueViolation } from './alert-audit';
import { checkScopeExists, scopeColumns, scopeOf } from './alert-scope';

interface RuleRow {
  id: string;
  name: string;
  conditions: string[];
  scope: string;
  pairIds: string[];
  hostIds: string[];
  allChannels: boolean;
  channelIds: string[];
  enabled: boolean;
  builtIn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

function toView(row: RuleRow): TAlertRuleView {
  return {
    id: row.id,
    name: row.name,
    conditions: row.conditions.filter(isAlertCondition),
    scope: scopeOf(row),
    allChannels: row.allChannels,
    channelIds: row.channelIds,
    enabled: row.enabled,
    builtIn: row.builtIn,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const auditView = (row: RuleRow) => {
  const { createdAt: _created, updatedAt: _updated, ...rest } = toView(row);
  return rest;
};

/** Every rule, the built-in one first. Viewers may read them (no secrets in a rule). */
export async function listAlertRules(prisma: PrismaClient): Promise<TAlertRuleView[]> {
  const rows = await prisma.alertRule.findMany({
    orderBy: [{ builtIn: 'desc' }, { name: 'asc' }],
    take: 1_000,
  });
  return rows.map(toView);
}

async function checkChannels(
  prisma: Pick<PrismaClient, 'alertChannel'>,
  channelIds: readonly string[],
): Promise<void> {
  if (channelIds.length === 0) return;
  const found = await prisma.alertChannel.findMany({
    where: { id: { in: [...channelIds] } },
    select: { id: true },
  });
  const missing = channelIds.filter((id) => !found.some((row) => row.id === id));
  if (missing.length)
    throw new AppError('BAD_REQUEST', `No alert channel ${missing.join(', ')}: pick existing channels.`);
}

const nameTaken = (name: string) =>
  new AppError('CONFLICT', `A rule is already named "${name}": choose another name.`);

export async function createAlertRule(
  prisma: PrismaClient,
  input: TAlertRuleCreate,
  actor: Actor,
): Promise<TAlertRuleView> {
  try {
    return await prisma.$transaction(async (tx) => {
      await checkChannels(tx, input.channelIds);
      await checkScopeExists(tx, input.scope);
      const row = await tx.alertRule.create({
        data: {
          name: input.name,
          conditions: [...new Set(input.conditions)],
          ...scopeColumns(input.scope),
          allChannels: input.allChannels,
          channelIds: [...new Set(input.channelIds)],
          enabled: input.enabled,
        },
      });
      await auditAlertChange(
        tx,
        actor,
        'alert-rule.create',
        { type: 'alert-rule', id: row.id },
        { after: auditView(row) },
      );
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function updateAlertRule(
  prisma: PrismaClient,
  input: TAlertRuleUpdate,
  actor: Actor,
): Promise<TAlertRuleView> {
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await tx.alertRule.findUnique({ where: { id: input.id } });
      if (!before) throw new AppError('NOT_FOUND', `No alert rule ${input.id}: it may have been deleted.`);
      const allChannels = input.allChannels ?? before.allChannels;
      const channelIds = input.channelIds ? [...new Set(input.channelIds)] : before.channelIds;
      if (!allChannels && channelIds.length === 0)
        throw new AppError(
          'BAD_REQUEST',
          'A rule needs at least one channel, or all channels (or turn it off).',
        );
      if (input.channelIds) await checkChannels(tx, channelIds);
      if (input.scope) await checkScopeExists(tx, input.scope);
      const row = await tx.alertRule.update({
        where: { id: input.id },
        data: {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.conditions ? { conditions: [...new Set(input.conditions)] } : {}),
          ...(input.scope ? scopeColumns(input.scope) : {}),
          allChannels,
          channelIds,
          ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        },
      });
      await auditAlertChange(
        tx,
        actor,
        'alert-rule.update',
        { type: 'alert-rule', id: row.id },
        {
          before: auditView(before),
          after: auditView(row),
        },
      );
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? '');
    throw error;
  }
}

/** Deletes a rule; the built-in default rule is turned off instead (FORBIDDEN), so it can come back. */
export async function deleteAlertRule(
  prisma: PrismaClient,
  id: string,
  actor: Actor,
): Promise<{ deleted: true }> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.alertRule.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', `No alert rule ${id}: it may have been deleted.`);
    if (before.builtIn)
      throw new AppError(
        'FORBIDDEN',
        'The built-in default rule cannot be deleted: turn it off instead (enabled: false).',
      );
    await tx.alertRule.delete({ where: { id } });
    await auditAlertChange(
      tx,
      actor,
      'alert-rule.delete',
      { type: 'alert-rule', id },
      { before: auditView(before) },
    );
    return { deleted: true as const };
  });
}
