import type { PrismaClient } from '@standby/db';
import {
  AppError,
  mergeChannelSecrets,
  redactChannelConfig,
  type TAlertChannelConfig,
  type TAlertChannelCreate,
  type TAlertChannelTestResult,
  type TAlertChannelUpdate,
  type TAlertChannelView,
  ZAlertChannelConfigSchema,
} from '@standby/protocol';
import { processLogger } from '@standby/telemetry';
import type { Actor } from '../enrollment';
import { auditAlertChange, isUniqueViolation } from './alert-audit';
import { buildTestNotice } from './alert-notice';
import { ChannelDeliveryError, sendAlertNotice } from './channels/index';

interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  config: unknown;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The stored configuration (valid by construction: every write goes through mergeChannelSecrets). */
function storedConfig(row: ChannelRow): TAlertChannelConfig {
  const parsed = ZAlertChannelConfigSchema.safeParse(row.config);
  if (!parsed.success) throw new Error(`alert channel ${row.id} has an unreadable configuration`);
  return parsed.data;
}

/** A channel as anyone reads it: every secret redacted, admins included. */
function toView(row: ChannelRow): TAlertChannelView {
  const config = redactChannelConfig(storedConfig(row));
  return {
    id: row.id,
    name: row.name,
    kind: config.kind,
    enabled: row.enabled,
    config,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the audit log keeps of a channel: redacted, like every answer. */
const auditView = (row: ChannelRow) => {
  const view = toView(row);
  return { name: view.name, enabled: view.enabled, config: view.config };
};

export async function listAlertChannels(prisma: PrismaClient): Promise<TAlertChannelView[]> {
  const rows = await prisma.alertChannel.findMany({ orderBy: { name: 'asc' }, take: 500 });
  return rows.map(toView);
}

async function findChannel(prisma: Pick<PrismaClient, 'alertChannel'>, id: string): Promise<ChannelRow> {
  const row = await prisma.alertChannel.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', `No alert channel ${id}: it may have been deleted.`);
  return row;
}

const nameTaken = (name: string) =>
  new AppError('CONFLICT', `An alert channel is already named "${name}": choose another name.`);

/** A new channel; its secrets must all be given (BAD_REQUEST otherwise). CONFLICT when the name is taken. */
export async function createAlertChannel(
  prisma: PrismaClient,
  input: TAlertChannelCreate,
  actor: Actor,
): Promise<TAlertChannelView> {
  const config = mergeChannelSecrets(null, input.config);
  try {
    return await prisma.$transaction(async (tx) => {
      const row = await tx.alertChannel.create({
        data: { name: input.name, kind: config.kind, config, enabled: input.enabled },
      });
      await auditAlertChange(
        tx,
        actor,
        'alert-channel.create',
        { type: 'alert-channel', id: row.id },
        {
          after: auditView(row),
        },
      );
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** Renames, turns on or off, or reconfigures a channel; a secret sent as the marker keeps the stored one. */
export async function updateAlertChannel(
  prisma: PrismaClient,
  input: TAlertChannelUpdate,
  actor: Actor,
): Promise<TAlertChannelView> {
  try {
    return await prisma.$transaction(async (tx) => {
      const before = await findChannel(tx, input.id);
      const config = input.config ? mergeChannelSecrets(storedConfig(before), input.config) : undefined;
      const row = await tx.alertChannel.update({
        where: { id: input.id },
        data: {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
          ...(config ? { config, kind: config.kind } : {}),
        },
      });
      await auditAlertChange(
        tx,
        actor,
        'alert-channel.update',
        { type: 'alert-channel', id: row.id },
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

/**
 * Deletes a channel: rules stop naming it, its waiting notices are canceled when their turn comes,
 * and its history stays (under its name).
 */
export async function deleteAlertChannel(
  prisma: PrismaClient,
  id: string,
  actor: Actor,
): Promise<{ deleted: true }> {
  return prisma.$transaction(async (tx) => {
    const before = await findChannel(tx, id);
    await tx.$executeRaw`UPDATE "AlertRule" SET "channelIds" = array_remove("channelIds", ${id}::uuid), "updatedAt" = now()
      WHERE ${id}::uuid = ANY("channelIds")`;
    await tx.alertChannel.delete({ where: { id } });
    await auditAlertChange(
      tx,
      actor,
      'alert-channel.delete',
      { type: 'alert-channel', id },
      { before: auditView(before) },
    );
    return { deleted: true as const };
  });
}

/**
 * Sends a `test` notice through the channel now and answers what the receiver said. With `config`
 * (a form not saved yet), that configuration is used, its masked secrets taken from the stored one.
 * Audited (who tested which channel, and the outcome).
 */
export async function testAlertChannel(
  prisma: PrismaClient,
  input: { id: string; config?: TAlertChannelCreate['config'] | undefined },
  actor: Actor,
  options: { publicUrl: string; timeoutMs?: number },
): Promise<TAlertChannelTestResult> {
  const row = await findChannel(prisma, input.id);
  const config = input.config ? mergeChannelSecrets(storedConfig(row), input.config) : storedConfig(row);
  const started = Date.now();
  let result: TAlertChannelTestResult;
  try {
    await sendAlertNotice(config, buildTestNotice(row.name, options.publicUrl), {
      timeoutMs: options.timeoutMs ?? 10_000,
    });
    result = { ok: true, durationMs: Date.now() - started };
  } catch (error) {
    const failure = error instanceof ChannelDeliveryError ? error : null;
    result = {
      ok: false,
      durationMs: Date.now() - started,
      error: failure?.message ?? 'the notice could not be sent',
      retryable: failure?.retryable ?? false,
    };
    if (!failure) processLogger().error({ err: error }, 'alerts: channel test failed unexpectedly');
  }
  await prisma.$transaction((tx) =>
    auditAlertChange(
      tx,
      actor,
      'alert-channel.test',
      { type: 'alert-channel', id: row.id },
      {
        after: { name: row.name, unsavedConfig: Boolean(input.config), ...result },
      },
    ),
  );
  return result;
}
