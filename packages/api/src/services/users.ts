import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';
import { hashPassword } from 'better-auth/crypto';
import { assertPasswordRule } from '../auth/password-rule';
import type { Role } from '../auth/roles';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
}

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Creates a user with a credential account, in better-auth's own tables and password hash format,
 * so that better-auth signs them in. Nobody can sign up by themselves: users come from here.
 * An email already in use is refused with CONFLICT; a password outside the rule with BAD_REQUEST.
 */
export async function createUser(db: Db, user: NewUser): Promise<{ id: string }> {
  assertPasswordRule(user.password);
  const email = user.email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError('CONFLICT', `A user with the email ${email} already exists.`);
  }
  const id = randomUUID();
  await db.user.create({
    data: {
      id,
      email,
      name: user.name,
      role: user.role,
      emailVerified: true,
      accounts: {
        create: {
          id: randomUUID(),
          accountId: id,
          providerId: 'credential',
          password: await hashPassword(user.password),
        },
      },
    },
  });
  return { id };
}

/**
 * Replaces a user's credential password (better-auth's hash format) and ends all their sessions, so
 * whoever knew the old password is signed out too. Returns how many sessions ended.
 */
export async function replacePassword(
  db: Db,
  userId: string,
  password: string,
): Promise<{ sessionsEnded: number }> {
  assertPasswordRule(password);
  const hash = await hashPassword(password);
  const updated = await db.account.updateMany({
    where: { userId, providerId: 'credential' },
    data: { password: hash },
  });
  if (updated.count === 0) {
    await db.account.create({
      data: { id: randomUUID(), accountId: userId, providerId: 'credential', userId, password: hash },
    });
  }
  const ended = await db.session.deleteMany({ where: { userId } });
  return { sessionsEnded: ended.count };
}
