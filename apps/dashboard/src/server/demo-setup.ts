import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createEnrollmentToken, createUser, type Role, revokeAgent } from '@standby/api';
import type { PrismaClient } from '@standby/db';

/** Fixed, printed demo accounts: `pnpm demo` binds to loopback and is for trying the product. */
export const DEMO_ACCOUNTS: { email: string; password: string; role: Role; name: string }[] = [
  { email: 'admin@demo.standby', password: 'demo-admin-pass', role: 'admin', name: 'Demo Admin' },
  { email: 'operator@demo.standby', password: 'demo-operator-pass', role: 'operator', name: 'Demo Operator' },
  { email: 'viewer@demo.standby', password: 'demo-viewer-pass', role: 'viewer', name: 'Demo Viewer' },
];

/** Creates the demo accounts that are missing and a fresh enrollment token for the demo fleet. */
export async function prepareDemo(
  prisma: PrismaClient,
  tokenFile: string,
  log: (line: string) => void,
): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const exists = await prisma.user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (!exists) await createUser(prisma, account);
  }
  const system = { id: 'demo', label: 'pnpm demo' };
  // The demo fleet is rebuilt on every run with fresh state; its hosts' previous agents (none is
  // connected yet: this node just started) are revoked so that the new ones may enroll.
  const previous = await prisma.agent.findMany({
    where: { revokedAt: null, connected: false },
    select: { id: true },
  });
  for (const agent of previous) await revokeAgent(prisma, agent.id, system);
  const { token } = await createEnrollmentToken(
    prisma,
    { label: 'demo fleet', expiresInHours: 24, maxUses: 1_000 },
    system,
  );
  await mkdir(path.dirname(tokenFile), { recursive: true });
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  log('[demo] sign in with one of these accounts:');
  for (const account of DEMO_ACCOUNTS)
    log(`[demo]   ${account.role.padEnd(8)} ${account.email} / ${account.password}`);
}
