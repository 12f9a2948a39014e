import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@standby/db';

const SECRET_ROW_ID = 'standby-auth-secret';

/**
 * The key that signs session cookies. STANDBY_AUTH_SECRET wins; otherwise one is made on first
 * start and kept in the database, so sessions survive restarts and every node sharing the
 * database agrees on it — with no setup step for a new user.
 */
export async function loadOrCreateAuthSecret(
  prisma: PrismaClient,
  fromEnv: string | undefined,
): Promise<string> {
  if (fromEnv) return fromEnv;
  const candidate = randomBytes(32).toString('base64url');
  await prisma.$executeRaw`
    INSERT INTO "verification" (id, identifier, value, "expiresAt", "createdAt", "updatedAt")
    VALUES (${SECRET_ROW_ID}, ${SECRET_ROW_ID}, ${candidate}, 'infinity', now(), now())
    ON CONFLICT (id) DO NOTHING`;
  const row = await prisma.verification.findUniqueOrThrow({ where: { id: SECRET_ROW_ID } });
  return row.value;
}
