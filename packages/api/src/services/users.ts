import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';
import { hashPassword } from 'better-auth/crypto';
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
 * An email already in use is refused with CONFLICT.
 */
export async function createUser(db: Db, user: NewUser): Promise<{ id: string }> {
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
