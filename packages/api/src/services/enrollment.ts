import type { PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';
import { hashSecret, newAgentCredential, newEnrollmentToken } from './agent-credentials';
import { recordAudit } from './audit-log';

export interface Actor {
  id: string;
  label: string;
  ip?: string | null;
}

export async function createEnrollmentToken(
  prisma: PrismaClient,
  input: { label: string | null; expiresInHours: number; maxUses: number },
  actor: Actor,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = newEnrollmentToken();
  const expiresAt = new Date(Date.now() + input.expiresInHours * 3_600_000);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.enrollmentToken.create({
      data: {
        tokenHash: hashSecret(token),
        label: input.label,
        expiresAt,
        maxUses: input.maxUses,
        usesLeft: input.maxUses,
        createdById: actor.id,
      },
    });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'enrollment-token.create',
      targetType: 'enrollment-token',
      targetId: created.id,
      after: { label: input.label, expiresAt: expiresAt.toISOString(), maxUses: input.maxUses },
      ip: actor.ip ?? null,
    });
    return created;
  });
  return { id: row.id, token, expiresAt };
}

/**
 * Exchanges an enrollment token for the agent's own credential, bound to one host key. Spending a
 * use and creating the credential commit together. A host whose agent is enrolled and not revoked
 * is refused: a token must not let anyone take over a host that is already someone's. A rebuilt
 * host rejoins after an admin revokes its old agent (which also cuts the old connections).
 * Refusals are FORBIDDEN.
 */
export async function enrollAgent(
  prisma: PrismaClient,
  input: { token: string; hostKey: string; hostname: string; application: string },
  ip: string | null,
): Promise<{ credential: string; agentId: string; hostId: string }> {
  const credential = newAgentCredential();
  return prisma.$transaction(async (tx) => {
    // One conditional UPDATE spends a use atomically: concurrent enrollments cannot overspend.
    const spent = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "EnrollmentToken" SET "usesLeft" = "usesLeft" - 1
      WHERE "tokenHash" = ${hashSecret(input.token)} AND "usesLeft" > 0
        AND "expiresAt" > now() AND "revokedAt" IS NULL
      RETURNING id::text AS id`;
    const tokenId = spent[0]?.id;
    if (!tokenId) throw new AppError('FORBIDDEN', 'Enrollment token unknown, expired, revoked or used up.');
    const host = await tx.host.upsert({
      where: { key: input.hostKey },
      create: { key: input.hostKey, hostname: input.hostname, application: input.application },
      update: {},
      select: { id: true },
    });
    const previous = await tx.agent.findUnique({
      where: { hostId: host.id },
      select: { id: true, revokedAt: true },
    });
    if (previous && !previous.revokedAt) {
      throw new AppError(
        'FORBIDDEN',
        `host ${input.hostKey} already has an enrolled agent; an admin must revoke it before it can enroll again`,
      );
    }
    const agent = await tx.agent.upsert({
      where: { hostId: host.id },
      create: { hostId: host.id, credentialHash: hashSecret(credential), enrollmentTokenId: tokenId },
      update: {
        credentialHash: hashSecret(credential),
        enrollmentTokenId: tokenId,
        enrolledAt: new Date(),
        revokedAt: null,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorType: 'agent',
      actorId: agent.id,
      actorLabel: input.hostKey,
      action: previous ? 'agent.re-enroll' : 'agent.enroll',
      targetType: 'host',
      targetId: host.id,
      after: { hostKey: input.hostKey, enrollmentTokenId: tokenId },
      ip,
    });
    return { credential, agentId: agent.id, hostId: host.id };
  });
}

/** The agent a credential belongs to, or null when unknown or revoked. */
export async function authenticateAgent(
  prisma: PrismaClient,
  credential: string | undefined | null,
): Promise<AuthenticatedAgent | null> {
  if (!credential || credential.length > 200) return null;
  const agent = await prisma.agent.findUnique({
    where: { credentialHash: hashSecret(credential) },
    select: { id: true, revokedAt: true, host: { select: { id: true, key: true } } },
  });
  if (!agent || agent.revokedAt) return null;
  return { agentId: agent.id, hostId: agent.host.id, hostKey: agent.host.key };
}

/** When the agent enrolled and whether it is revoked: a stream opened under an older enrollment must end. */
export function agentEnrollment(prisma: PrismaClient, agentId: string) {
  return prisma.agent.findUnique({ where: { id: agentId }, select: { revokedAt: true, enrolledAt: true } });
}

export async function revokeAgent(prisma: PrismaClient, agentId: string, actor: Actor): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.agent.updateMany({
      where: { id: agentId, revokedAt: null },
      data: { revokedAt: new Date(), connected: false },
    });
    if (updated.count === 0) return false;
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: agentId }, select: { hostId: true } });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'agent.revoke',
      targetType: 'host',
      targetId: agent.hostId,
      before: { agentId, revoked: false },
      after: { agentId, revoked: true },
      ip: actor.ip ?? null,
    });
    return true;
  });
}

export async function revokeEnrollmentToken(
  prisma: PrismaClient,
  tokenId: string,
  actor: Actor,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.enrollmentToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (updated.count === 0) return false;
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'enrollment-token.revoke',
      targetType: 'enrollment-token',
      targetId: tokenId,
      ip: actor.ip ?? null,
    });
    return true;
  });
}
