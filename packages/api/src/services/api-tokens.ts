import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@standby/db';
import {
  API_TOKEN_PREFIX,
  AppError,
  type TApiTokenCreate,
  type TApiTokenScope,
  type TApiTokenView,
} from '@standby/protocol';
import { isRole, type Role, roleAtLeast } from '../auth/roles';
import type { SessionUser } from '../trpc';
import { recordAudit } from './audit-log';

/** The role a scope stands for; a token acts with the lesser of it and its owner's current role. */
export const SCOPE_ROLE: Record<TApiTokenScope, Role> = {
  read: 'viewer',
  operate: 'operator',
  admin: 'admin',
};

/** `lastUsedAt` is written at most this often per token: a busy script costs one write a minute. */
export const LAST_USE_RESOLUTION_MS = 60_000;

/** What a valid token grants for one request (read afresh on every request: revocation is immediate). */
export interface ApiTokenGrant {
  tokenId: string;
  scope: TApiTokenScope;
  /** Empty: every host. */
  pairIds: string[];
  /** The token's first use this minute (its last use was just written): reads are audited then. */
  firstUseThisMinute: boolean;
}

/** sha256 is enough: the token holds 256 random bits, nothing to brute-force. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function lesserRole(a: Role, b: Role): Role {
  return roleAtLeast(a, b) ? b : a;
}

/** The label audit rows carry for an act done with a token: owner and token id together. */
export function tokenActorLabel(email: string, tokenId: string): string {
  return `${email} (API token ${tokenId})`;
}

/**
 * Creates a token for `input.ownerId` (default: the creator). Only an admin names someone else, and the
 * scope may not exceed the owner's role. Returns the token once; only its hash is stored.
 */
export async function createApiToken(
  prisma: PrismaClient,
  input: TApiTokenCreate,
  creator: SessionUser,
  ip: string | null,
): Promise<{ id: string; token: string; prefix: string; expiresAt: Date }> {
  const ownerId = input.ownerId ?? creator.id;
  if (ownerId !== creator.id && creator.role !== 'admin')
    throw new AppError('FORBIDDEN', 'ownerId: only an admin creates tokens for someone else.');
  const owner = await prisma.user.findUnique({
    where: { id: ownerId },
    select: { id: true, email: true, role: true, banned: true },
  });
  if (!owner) throw new AppError('NOT_FOUND', 'ownerId: no such user.');
  if (owner.banned) throw new AppError('BAD_REQUEST', 'ownerId: this user is disabled.');
  const needed = SCOPE_ROLE[input.scope];
  if (!isRole(owner.role) || !roleAtLeast(owner.role, needed)) {
    throw new AppError(
      'FORBIDDEN',
      `scope: "${input.scope}" needs the ${needed} role; the owner is ${owner.role}.`,
    );
  }
  const pairIds = [...new Set(input.pairIds.map((id) => id.toLowerCase()))];
  if (pairIds.length > 0) {
    const known = await prisma.haPair.count({ where: { id: { in: pairIds } } });
    if (known !== pairIds.length) throw new AppError('BAD_REQUEST', 'pairIds: a pair does not exist.');
  }

  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        userId: owner.id,
        name: input.name,
        tokenHash: hashApiToken(token),
        prefix,
        scope: input.scope,
        pairIds,
        createdById: creator.id,
        expiresAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: creator.id,
      actorLabel: creator.email,
      action: 'api-token.create',
      targetType: 'api-token',
      targetId: row.id,
      after: {
        ownerId: owner.id,
        owner: owner.email,
        name: input.name,
        prefix,
        scope: input.scope,
        pairIds,
        expiresAt: expiresAt.toISOString(),
      },
      ip,
    });
    return row;
  });
  return { id: created.id, token, prefix, expiresAt };
}

/** The caller's own tokens, or (`all`, admins only) everyone's; newest first. Never the token itself. */
export async function listApiTokens(
  prisma: PrismaClient,
  viewer: SessionUser,
  options: { all: boolean },
): Promise<TApiTokenView[]> {
  if (options.all && viewer.role !== 'admin')
    throw new AppError('FORBIDDEN', 'all: only an admin lists everyone’s tokens.');
  const rows = await prisma.apiToken.findMany({
    where: options.all ? {} : { userId: viewer.id },
    orderBy: { createdAt: 'desc' },
    take: 1_000,
    include: { user: { select: { id: true, email: true } } },
  });
  const now = Date.now();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope as TApiTokenScope,
    pairIds: row.pairIds,
    owner: row.user,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
    state: row.revokedAt ? 'revoked' : row.expiresAt.getTime() <= now ? 'expired' : 'active',
  }));
}

/**
 * Revokes a token of the caller's (an admin: anyone's). Effective at once on every node: each
 * request looks its token up. False when it was already revoked.
 */
export async function revokeApiToken(
  prisma: PrismaClient,
  tokenId: string,
  viewer: SessionUser,
  ip: string | null,
): Promise<boolean> {
  const token = await prisma.apiToken.findUnique({
    where: { id: tokenId },
    select: { id: true, userId: true, name: true, prefix: true, revokedAt: true },
  });
  // Someone else's token is "not found" to a non-admin: ids are not probed.
  if (!token || (token.userId !== viewer.id && viewer.role !== 'admin'))
    throw new AppError('NOT_FOUND', 'tokenId: no such token.');
  if (token.revokedAt) return false;
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({
      where: { id: token.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedById: viewer.id },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actorType: 'user',
      actorId: viewer.id,
      actorLabel: viewer.email,
      action: 'api-token.revoke',
      targetType: 'api-token',
      targetId: token.id,
      before: { ownerId: token.userId, name: token.name, prefix: token.prefix },
      ip,
    });
    return true;
  });
}

/**
 * The user a bearer token acts as, with the lesser of the token's scope and the owner's role *now*
 * (a demoted owner's token loses power), or null: unknown, revoked, expired, owner disabled.
 */
export async function authenticateApiToken(
  prisma: PrismaClient,
  token: string,
  now: Date = new Date(),
): Promise<{ user: SessionUser; grant: ApiTokenGrant } | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    include: { user: { select: { id: true, email: true, name: true, role: true, banned: true } } },
  });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  const owner = row.user;
  if (owner.banned || !isRole(owner.role)) return null;
  const scope = row.scope as TApiTokenScope;
  if (!Object.hasOwn(SCOPE_ROLE, scope)) return null;

  let firstUseThisMinute = false;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS) {
    // Conditional: of several nodes using the token in the same minute, one writes.
    firstUseThisMinute = await prisma.apiToken
      .updateMany({
        where: {
          id: row.id,
          OR: [
            { lastUsedAt: null },
            { lastUsedAt: { lt: new Date(now.getTime() - LAST_USE_RESOLUTION_MS) } },
          ],
        },
        data: { lastUsedAt: now },
      })
      .then(
        (updated) => updated.count === 1,
        () => false,
      );
  }
  return {
    user: {
      id: owner.id,
      email: owner.email,
      name: owner.name,
      role: lesserRole(SCOPE_ROLE[scope], owner.role),
      apiTokenId: row.id,
    },
    grant: { tokenId: row.id, scope, pairIds: row.pairIds, firstUseThisMinute },
  };
}
