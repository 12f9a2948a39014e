import type { PrismaClient } from '@standby/db';
import { AppError, newAgentCredential } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';
import { hashSecret, newEnrollmentToken } from './agent-credentials';
import { recordEnrollmentFailure } from './alerts/enrollment-failure';
import { recordAudit } from './audit-log';
import { consumeRateLimit, type TRateLimit } from './rate-limit';

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
 * use and storing the credential's hash commit together. A host whose agent is enrolled and not
 * revoked is refused: a token must not let anyone take over a host that is already someone's. A
 * rebuilt host rejoins after an admin revokes its old agent (which also cuts the old connections).
 * Refusals are FORBIDDEN.
 *
 * The agent makes its credential itself and keeps it before asking (`credential`), so the exchange
 * is idempotent: a retry after a lost answer — same token, same host key, a credential whose hash
 * is already the host's live agent's — answers the same agent again, spends no use and writes no
 * audit row (nothing changed). Without `credential` (agents before this change) the dashboard makes
 * one, as before; such an exchange cannot be retried.
 */
export async function enrollAgent(
  prisma: PrismaClient,
  input: { token: string; hostKey: string; hostname: string; application: string; credential?: string },
  ip: string | null,
  limits?: TEnrollLimits,
): Promise<{ credential: string; agentId: string; hostId: string; retried: boolean }> {
  if (limits) await consumeEnrollLimits(prisma, input.token, ip, limits);
  try {
    return await enrollWithRetry(prisma, input, ip);
  } catch (error) {
    // A refused enrollment is something an admin must act on (an alert condition): it is recorded.
    // Malformed requests (BAD_REQUEST) are not: they are noise anyone could send.
    if (error instanceof AppError && error.code === 'FORBIDDEN')
      await recordEnrollmentFailure(prisma, { hostKey: input.hostKey, reason: error.message, ip });
    throw error;
  }
}

/**
 * `agent.enroll` is public: attempts are counted per client address and per token (its hash) in
 * PostgreSQL, so every dashboard node spends the same budget. Over either, TOO_MANY_REQUESTS.
 */
export interface TEnrollLimits {
  perAddress: TRateLimit;
  perToken: TRateLimit;
}

/** A fleet enrolling at once from behind one address (the demo: 16 agents, one token) fits easily. */
export const DEFAULT_ENROLL_LIMITS: TEnrollLimits = {
  perAddress: { limit: 600, windowMs: 60_000 },
  perToken: { limit: 3_000, windowMs: 60_000 },
};

async function consumeEnrollLimits(
  prisma: PrismaClient,
  token: string,
  ip: string | null,
  limits: TEnrollLimits,
): Promise<void> {
  // No address (a server-side caller): only the token's budget applies.
  if (ip)
    await consumeRateLimit(
      prisma,
      `enroll:address:${ip}`,
      limits.perAddress,
      'enrollments from this address',
    );
  await consumeRateLimit(
    prisma,
    `enroll:token:${hashSecret(token)}`,
    limits.perToken,
    'enrollments with this token',
  );
}

async function enrollWithRetry(
  prisma: PrismaClient,
  input: { token: string; hostKey: string; hostname: string; application: string; credential?: string },
  ip: string | null,
): Promise<{ credential: string; agentId: string; hostId: string; retried: boolean }> {
  const credential = input.credential ?? newAgentCredential();
  try {
    return await enrollOnce(prisma, input, credential, ip);
  } catch (error) {
    // A concurrent attempt with the same credential committed first (a retry that overtook a slow
    // first try): run again, and the committed enrollment answers it.
    if (!input.credential || !(error instanceof ConcurrentEnrollment || isUniqueViolation(error)))
      throw error;
    return enrollOnce(prisma, input, credential, ip);
  }
}

class ConcurrentEnrollment extends Error {}

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';

async function enrollOnce(
  prisma: PrismaClient,
  input: { token: string; hostKey: string; hostname: string; application: string; credential?: string },
  credential: string,
  ip: string | null,
): Promise<{ credential: string; agentId: string; hostId: string; retried: boolean }> {
  const tokenHash = hashSecret(input.token);
  const credentialHash = hashSecret(credential);
  return prisma.$transaction(async (tx) => {
    /** The enrollment this same request already made, if any (checked before spending anything). */
    const committed = async () => {
      if (!input.credential) return null;
      const agent = await tx.agent.findUnique({
        where: { credentialHash },
        select: {
          id: true,
          revokedAt: true,
          enrollmentTokenId: true,
          host: { select: { id: true, key: true } },
        },
      });
      if (!agent) return null;
      const token = await tx.enrollmentToken.findUnique({ where: { tokenHash }, select: { id: true } });
      if (agent.revokedAt || agent.host.key !== input.hostKey || agent.enrollmentTokenId !== token?.id) {
        // A revoked credential never comes back to life; the agent makes a new one and enrolls again.
        throw new AppError(
          'FORBIDDEN',
          'This agent credential cannot enroll: it was revoked or belongs elsewhere.',
        );
      }
      return { credential, agentId: agent.id, hostId: agent.host.id, retried: true };
    };
    const already = await committed();
    if (already) return already;

    // One conditional UPDATE spends a use atomically: concurrent enrollments cannot overspend.
    const spent = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "EnrollmentToken" SET "usesLeft" = "usesLeft" - 1
      WHERE "tokenHash" = ${tokenHash} AND "usesLeft" > 0
        AND "expiresAt" > now() AND "revokedAt" IS NULL
      RETURNING id::text AS id`;
    const tokenId = spent[0]?.id;
    if (!tokenId) {
      // The UPDATE may have waited for a concurrent first try that took the last use with this very
      // credential: that enrollment stands and answers this retry.
      const meanwhile = await committed();
      if (meanwhile) return meanwhile;
      throw new AppError('FORBIDDEN', 'Enrollment token unknown, expired, revoked or used up.');
    }
    const host = await tx.host.upsert({
      where: { key: input.hostKey },
      // The name and application are fixed here, at enrollment: a hello cannot change them
      // (register-agent-host.ts). Re-enrolling (after a revocation) is how a host is renamed.
      create: { key: input.hostKey, hostname: input.hostname, application: input.application },
      update: { hostname: input.hostname, application: input.application },
      select: { id: true },
    });
    const previous = await tx.agent.findUnique({
      where: { hostId: host.id },
      select: { id: true, revokedAt: true, credentialHash: true },
    });
    if (previous && !previous.revokedAt) {
      if (input.credential && previous.credentialHash === credentialHash) throw new ConcurrentEnrollment();
      throw new AppError(
        'FORBIDDEN',
        `host ${input.hostKey} already has an enrolled agent; an admin must revoke it before it can enroll again`,
      );
    }
    const agent = await tx.agent.upsert({
      where: { hostId: host.id },
      create: { hostId: host.id, credentialHash, enrollmentTokenId: tokenId },
      update: { credentialHash, enrollmentTokenId: tokenId, enrolledAt: new Date(), revokedAt: null },
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
    return { credential, agentId: agent.id, hostId: host.id, retried: false };
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
