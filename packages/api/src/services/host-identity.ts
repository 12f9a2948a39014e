import type { Prisma, PrismaClient } from '@standby/db';
import { AppError, type TAgentHello } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';
import { recordAudit } from './audit-log';

type Tx = Prisma.TransactionClient;

/** A refused claim is audited at most this often per host and claim (a misconfigured agent says hello often). */
const AUDIT_AGAIN_AFTER_MS = 3_600_000;

/**
 * The host's name and application are fixed at enrollment (enrollment.ts): a hello claiming other
 * ones is refused, FORBIDDEN, saying which fact differs. Otherwise an agent could pass for another
 * host in the fleet and in a pair.
 */
export async function refuseForeignIdentity(
  db: Tx | PrismaClient,
  agent: AuthenticatedAgent,
  hello: Pick<TAgentHello, 'hostname' | 'application'>,
): Promise<void> {
  const host = await db.host.findUnique({
    where: { id: agent.hostId },
    select: { hostname: true, application: true },
  });
  if (!host) return;
  const differs =
    host.hostname !== hello.hostname
      ? `host name "${hello.hostname}" differs from the enrolled "${host.hostname}"`
      : host.application !== hello.application
        ? `application "${hello.application}" differs from the enrolled "${host.application}"`
        : null;
  if (!differs) return;
  await auditOnce(db, agent, 'agent.hello-refused', {
    claimed: { hostname: hello.hostname, application: hello.application },
  });
  throw new AppError(
    'FORBIDDEN',
    `hello refused: ${differs}. A host's name and application are fixed when it enrolls; to rename a host, revoke its agent and enroll it again.`,
  );
}

/** At most this many hosts share a pair: a primary and its backup. */
const PAIR_SIZE = 2;

/**
 * Which pair the host may be in, as its hello claims `pairName`. A pair holds at most two hosts with
 * different applications; hosts whose agent was revoked leave it to make room. A host that cannot
 * join is kept out of the pair (its hello is still stored, so it stays monitored) and the refusal is
 * returned, to tell its agent, and audited: a pair never lists a third host or the same one twice.
 * The pair's row stays locked until the transaction ends, so two hosts cannot join at once.
 */
export async function resolvePairMembership(
  tx: Tx,
  agent: AuthenticatedAgent,
  host: { pairId: string | null; application: string },
  pairName: string | null,
): Promise<{ pairId: string | null; refusal: string | null }> {
  if (!pairName) return { pairId: null, refusal: null };
  // Upserted and locked (ON CONFLICT DO UPDATE takes the row lock): both members may say hello at once.
  const [pair] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "HaPair" (id, name) VALUES (gen_random_uuid(), ${pairName})
    ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id::text AS id`;
  if (!pair) throw new Error(`pair ${pairName} was not upserted`);
  if (host.pairId === pair.id) return { pairId: pair.id, refusal: null };
  const members = await tx.$queryRaw<{ id: string; hostname: string; application: string; live: boolean }[]>`
    SELECT h.id::text AS id, h.hostname, h.application,
           (a.id IS NOT NULL AND a."revokedAt" IS NULL) AS live
    FROM "Host" h LEFT JOIN "Agent" a ON a."hostId" = h.id
    WHERE h."pairId" = ${pair.id}::uuid AND h.id <> ${agent.hostId}::uuid
    ORDER BY h.id`;
  const live = members.filter((member) => member.live);
  const clash = live.find((member) => member.application === host.application);
  if (live.length < PAIR_SIZE && !clash) {
    const gone = members.filter((member) => !member.live).map((member) => member.id);
    if (gone.length > 0)
      await tx.$executeRaw`UPDATE "Host" SET "pairId" = NULL WHERE id = ANY(${gone}::uuid[])`;
    return { pairId: pair.id, refusal: null };
  }
  const why = clash
    ? `it already has a host with application "${host.application}" (${clash.hostname})`
    : `it already has ${PAIR_SIZE} hosts (${live.map((member) => `${member.hostname}/${member.application}`).join(', ')})`;
  await auditOnce(tx, agent, 'agent.pair-refused', { pair: pairName, reason: why });
  return {
    pairId: null,
    refusal: `not added to pair "${pairName}": ${why}. Check the pair name in this agent's config, or revoke the agent of the host it replaces.`,
  };
}

async function auditOnce(
  db: Tx | PrismaClient,
  agent: AuthenticatedAgent,
  action: string,
  after: Prisma.InputJsonValue,
): Promise<void> {
  const recent = await db.auditEvent.findFirst({
    where: {
      targetType: 'host',
      targetId: agent.hostId,
      action,
      at: { gte: new Date(Date.now() - AUDIT_AGAIN_AFTER_MS) },
    },
    select: { id: true },
  });
  if (recent) return;
  await recordAudit(db, {
    actorType: 'agent',
    actorId: agent.agentId,
    actorLabel: agent.hostKey,
    action,
    targetType: 'host',
    targetId: agent.hostId,
    after,
  });
}
