import type { PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';
import type { Role } from '../auth/roles';
import { recordAudit } from './audit-log';
import type { Actor } from './enrollment';
import { createUser, type NewUser } from './users';

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
    await tx.session.deleteMany({ where: { userId: change.userId } });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'user.update',
      targetType: 'user',
      targetId: change.userId,
      before: { role: before.role, disabled: before.banned ?? false },
      after: { role: after.role, disabled: after.banned ?? false },
      ip: actor.ip ?? null,
    });
  });
}
