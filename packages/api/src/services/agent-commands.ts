import { Prisma, type PrismaClient } from '@standby/db';
import { AppError, type TAgentCommand, type TCommandAck, ZAgentCommandSchema } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';
import { auditInsertSql } from './audit-log';
import { newerOptionsReadSql } from './configured-options-order';

// A check's result stored before this ack but read after the write keeps its (equal or newer) values.
const NEWER_READ = Prisma.raw(newerOptionsReadSql('ack.read_at', 'h."configuredOptionsAt"'));

/**
 * Unacked commands for a host after `afterId`, oldest first, marked delivered — in one statement,
 * so an idle agent's wake-up costs one round trip.
 */
export async function takeCommandsAfter(
  prisma: PrismaClient,
  hostId: string,
  afterId: bigint,
  limit = 100,
): Promise<{ id: bigint; command: TAgentCommand; firstDeliveryAfterSec: number | null }[]> {
  const rows = await prisma.$queryRaw<
    { id: bigint; kind: string; payload: unknown; firstDeliveryAfterSec: number | null }[]
  >`
    WITH picked AS (
      -- Read before the update: a command never delivered yet gets its creation-to-delivery time.
      SELECT id, CASE WHEN "deliveredAt" IS NULL THEN EXTRACT(EPOCH FROM now() - "createdAt")::float8 END AS first_after
      FROM "AgentCommand"
      -- A command that committed after a later id (sequences are taken before commit) is still
      -- 'pending' when the cursor has passed it: pick it up anyway.
      WHERE "hostId" = ${hostId}::uuid
        AND ((id > ${afterId} AND state IN ('pending', 'delivered')) OR state = 'pending')
      ORDER BY id LIMIT ${limit}
    ),
    marked AS (
      UPDATE "AgentCommand" AS c
      SET state = 'delivered', "deliveredAt" = COALESCE(c."deliveredAt", now())
      FROM picked WHERE c.id = picked.id
      RETURNING c.id, c.kind, c.payload, picked.first_after
    ),
    changes AS (
      UPDATE "OptionChange" SET state = 'delivered', "updatedAt" = now()
      WHERE "commandId" IN (SELECT id FROM picked) AND state = 'pending'
    )
    SELECT id, kind, payload, first_after AS "firstDeliveryAfterSec" FROM marked ORDER BY id`;
  return rows.map((row) => ({
    id: row.id,
    command: toAgentCommand(row),
    firstDeliveryAfterSec: row.firstDeliveryAfterSec,
  }));
}

/** A stored command as the agent receives it: its payload parsed with the protocol's schema for its kind. */
function toAgentCommand(row: { id: bigint; kind: string; payload: unknown }): TAgentCommand {
  const payload = typeof row.payload === 'object' && row.payload !== null ? row.payload : {};
  const parsed = ZAgentCommandSchema.safeParse({ ...payload, kind: row.kind, commandId: row.id.toString() });
  if (!parsed.success) {
    // Only our own services write commands: a row that does not parse was changed by hand.
    throw new Error(
      `command ${row.id} (${row.kind}) is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/**
 * Records an agent's answer to one of its own host's commands, in one statement: the command's
 * state, the option changes (applied ⇒ pending restart), the host's
 * "pending restart" and configured options, and the audit event. Idempotent: acking twice (a retry
 * after a lost response) changes nothing the second time.
 */
export async function acknowledgeCommand(
  prisma: PrismaClient,
  agent: AuthenticatedAgent,
  ack: TCommandAck,
): Promise<{ state: string; duplicate: boolean; kind?: string; ackedAfterSec?: number }> {
  const id = BigInt(ack.commandId);
  const configured = ack.configuredOptions ? JSON.stringify(ack.configuredOptions) : null;
  const readAt = ack.configuredOptions ? (ack.configuredOptionsReadAt ?? null) : null;
  const [row] = await prisma.$queryRaw<
    { updated: boolean; current: string | null; kind: string | null; ackedAfterSec: number | null }[]
  >`
    WITH cmd AS (
      UPDATE "AgentCommand" SET state = ${ack.outcome}, "stateReason" = ${ack.reason}, "ackedAt" = now()
      WHERE id = ${id} AND "hostId" = ${agent.hostId}::uuid AND state IN ('pending', 'delivered')
      RETURNING id, kind, EXTRACT(EPOCH FROM now() - "createdAt")::float8 AS acked_after
    ),
    changes AS (
      UPDATE "OptionChange"
      SET state = CASE WHEN ${ack.outcome} = 'applied' THEN 'pending-restart' ELSE 'rejected' END,
          "stateReason" = ${ack.reason}, "updatedAt" = now()
      WHERE "commandId" IN (SELECT id FROM cmd WHERE kind = 'set-options')
    ),
    host AS (
      UPDATE "Host" AS h SET "pendingRestart" = true, "pendingSince" = now(),
        "configuredOptions" = CASE WHEN ack.configured IS NOT NULL AND ${NEWER_READ}
          THEN ack.configured ELSE h."configuredOptions" END,
        "configuredOptionsAt" = CASE WHEN ack.configured IS NOT NULL AND ${NEWER_READ}
          THEN ack.read_at ELSE h."configuredOptionsAt" END,
        "updatedAt" = now()
      FROM (SELECT ${configured}::jsonb AS configured, ${readAt}::timestamptz AS read_at) AS ack
      WHERE h.id = ${agent.hostId}::uuid AND ${ack.outcome} = 'applied'
        AND EXISTS (SELECT 1 FROM cmd WHERE kind = 'set-options')
    ),
    audit AS (${auditInsertSql(
      {
        actorType: 'agent',
        actorId: agent.agentId,
        actorLabel: agent.hostKey,
        action: Prisma.sql`'command.' || ${ack.outcome}`,
        targetType: 'host',
        targetId: agent.hostId,
        after: Prisma.sql`jsonb_build_object('commandId', ${ack.commandId}::text, 'kind', kind, 'reason', ${ack.reason}::text)`,
      },
      Prisma.sql`cmd`,
    )})
    SELECT EXISTS (SELECT 1 FROM cmd) AS updated,
      (SELECT kind FROM cmd) AS kind, (SELECT acked_after FROM cmd) AS "ackedAfterSec",
      (SELECT state FROM "AgentCommand" WHERE id = ${id} AND "hostId" = ${agent.hostId}::uuid) AS current`;
  // Another host's command id reads as unknown: an agent may act only for its own host.
  if (!row?.current)
    throw new AppError('NOT_FOUND', `command ${ack.commandId} is not a command for this host`);
  if (!row.updated) return { state: row.current, duplicate: true };
  return {
    state: ack.outcome,
    duplicate: false,
    ...(row.kind ? { kind: row.kind } : {}),
    ...(row.ackedAfterSec !== null ? { ackedAfterSec: row.ackedAfterSec } : {}),
  };
}
