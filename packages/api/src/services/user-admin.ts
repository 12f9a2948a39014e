import type { PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';
import type { Role } from '../auth/roles';
import { recordAudit } from './audit-log';
import type { Actor } from './enrollment';
import { createUser, type NewUser, replacePassword } from './users';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
}

/** Every user (up to 1,000), by email. */
export async function listUsers(prisma: PrismaClient): Promise<UserRow[]> {
  const users = await prisma.user.findMany({ orderBy: { email: 'asc' }, take: 1_000 });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.banned ?? false,
    createdAt: user.createdAt,
  }));
}

/** An admin adds a user; the user and its audit event commit together. CONFLICT if the email is taken. */
export function addUser(prisma: PrismaClient, user: NewUser, actor: Actor): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    const created = await createUser(tx, user);
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'user.create',
      targetType: 'user',
      targetId: created.id,
      after: { email: user.email.toLowerCase(), role: user.role },
      ip: actor.ip ?? null,
    });
    return created;
  });
}

/**
 * An admin changes a user's role or disables them; their sessions end so the change applies at
 * once. Nobody demotes or disables themselves (an admin could otherwise lock everyone out).
 */
export async function changeUser(
  prisma: PrismaClient,
  change: { userId: string; role?: Role; disabled?: boolean },
  actor: Actor,
): Promise<void> {
  if (change.userId === actor.id && (change.disabled || (change.role && change.role !== 'admin'))) {
    throw new AppError('BAD_REQUEST', 'You cannot demote or disable yourself.');
  }
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: change.userId } });
    if (!before) throw new AppError('NOT_FOUND', `No user ${change.userId}.`);
    const after = await tx.user.update({
      where: { id: change.userId },
      data: {
        ...(change.role ? { role: change.role } : {}),
        ...(change.disabled === undefined ? {} : { banned: change.disabled }),
      },
    });
    const ended = await tx.session.deleteMany({ where: { userId: change.userId } });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'user.update',
      targetType: 'user',
      targetId: change.userId,
      before: { role: before.role, disabled: before.banned ?? false, sessions: ended.count },
      after: { role: after.role, disabled: after.banned ?? false, sessions: 0 },
      ip: actor.ip ?? null,
    });
  });
}

/**
 * An admin sets a user's password (the only way back in for someone who forgot theirs); all the
 * user's sessions end. The audit row says that it changed, never the password or its hash.
 */
export async function setUserPassword(
  prisma: PrismaClient,
  change: { userId: string; password: string },
  actor: Actor,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: change.userId }, select: { email: true } });
    if (!user) throw new AppError('NOT_FOUND', `No user ${change.userId}.`);
    const sessions = await tx.session.count({ where: { userId: change.userId } });
    const { sessionsEnded } = await replacePassword(tx, change.userId, change.password);
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'user.set-password',
      targetType: 'user',
      targetId: change.userId,
      before: { email: user.email, sessions },
      after: { email: user.email, passwordChanged: true, sessions: sessions - sessionsEnded },
      ip: actor.ip ?? null,
    });
  });
}

/** An admin signs a user out everywhere (a lost laptop, a shared screen). */
export async function endUserSessions(
  prisma: PrismaClient,
  userId: string,
  actor: Actor,
): Promise<{ ended: number }> {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw new AppError('NOT_FOUND', `No user ${userId}.`);
    const ended = await tx.session.deleteMany({ where: { userId } });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'user.end-sessions',
      targetType: 'user',
      targetId: userId,
      before: { email: user.email, sessions: ended.count },
      after: { email: user.email, sessions: 0 },
      ip: actor.ip ?? null,
    });
    return { ended: ended.count };
  });
}
