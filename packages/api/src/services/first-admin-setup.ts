import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@standby/db';
import { AppError } from '@standby/protocol';
import { hashSecret } from './agent-credentials';
import { recordAudit } from './audit-log';
import { createUser, type NewUser } from './users';

const SETUP_IDENTIFIER = 'standby:first-admin-setup';
const SETUP_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * While there is no user, a one-time setup token lets the first admin be created. It is printed
 * on the server's console only, so reaching the dashboard over the network is not enough to claim
 * it: whoever can read the server's log is trusted already. Only its hash is stored.
 * Returns the token to print, or null when users exist.
 */
export async function issueFirstAdminSetupToken(prisma: PrismaClient): Promise<string | null> {
  if ((await prisma.user.count()) > 0) return null;
  const token = randomBytes(24).toString('base64url');
  await prisma.$transaction([
    prisma.verification.deleteMany({ where: { identifier: SETUP_IDENTIFIER } }),
    prisma.verification.create({
      data: {
        id: randomBytes(12).toString('hex'),
        identifier: SETUP_IDENTIFIER,
        value: hashSecret(token),
        expiresAt: new Date(Date.now() + SETUP_TTL_MS),
      },
    }),
  ]);
  return token;
}

export async function needsFirstAdmin(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}

/** Creates the first admin if the token matches and still nobody exists; the token is spent. */
export async function createFirstAdmin(
  prisma: PrismaClient,
  token: string,
  admin: Omit<NewUser, 'role'>,
): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    // Serializes concurrent attempts: only one can see an empty user table and win.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${SETUP_IDENTIFIER}))`;
    if ((await tx.user.count()) > 0)
      throw new AppError('FORBIDDEN', 'An admin already exists; sign in instead.');
    const stored = await tx.verification.findFirst({ where: { identifier: SETUP_IDENTIFIER } });
    const given = Buffer.from(hashSecret(token));
    if (!stored || stored.expiresAt < new Date() || !timingSafeEqual(given, Buffer.from(stored.value))) {
      throw new AppError(
        'FORBIDDEN',
        'The setup token is wrong or expired; restart the dashboard for a new one.',
      );
    }
    await tx.verification.deleteMany({ where: { identifier: SETUP_IDENTIFIER } });
    const user = await createUser(tx, { ...admin, role: 'admin' });
    await recordAudit(tx, {
      actorType: 'system',
      actorId: null,
      actorLabel: 'first-admin setup',
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      after: { email: admin.email.toLowerCase(), role: 'admin' },
    });
    return user;
  });
}
