import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { authenticateAgent, createEnrollmentToken, createUser, type Role, revokeAgent } from '@standby/api';
import type { PrismaClient } from '@standby/db';
import { AGENT_CREDENTIAL_PREFIX } from '@standby/protocol';
import { z } from 'zod';

/** Fixed, printed demo accounts: `pnpm demo` binds to loopback and is for trying the product. */
export const DEMO_ACCOUNTS: { email: string; password: string; role: Role; name: string }[] = [
  { email: 'admin@demo.standby', password: 'demo-admin-pass', role: 'admin', name: 'Demo Admin' },
  { email: 'operator@demo.standby', password: 'demo-operator-pass', role: 'operator', name: 'Demo Operator' },
  { email: 'viewer@demo.standby', password: 'demo-viewer-pass', role: 'viewer', name: 'Demo Viewer' },
];

/** The label of the enrollment tokens the demo makes for its fleet: how its own agents are known. */
export const DEMO_TOKEN_LABEL = 'demo fleet';

export interface DemoSetup {
  /** Where the fresh enrollment token for the demo fleet is written. */
  tokenFile: string;
  /** The demo fleet's folder (one sub-folder per host, its agent's token file `agent.token`). */
  fleetDir?: string | undefined;
}

/** STANDBY_DEMO_FLEET_DIR, set by `pnpm demo` beside STANDBY_DEMO_ENROLLMENT_TOKEN_FILE. */
export function readDemoFleetDir(env: NodeJS.ProcessEnv): string | undefined {
  const parsed = z.string().min(1).optional().safeParse(env.STANDBY_DEMO_FLEET_DIR);
  if (!parsed.success) throw new Error('STANDBY_DEMO_FLEET_DIR: must be a folder path');
  return parsed.data && path.resolve(parsed.data);
}

/**
 * Creates the demo accounts that are missing and a fresh enrollment token for the demo fleet. The
 * fleet keeps its agents' credentials (and spools) across runs, so a restart — after a crash too —
 * re-uses them: only demo agents whose credential is kept nowhere in the fleet folder are truly gone
 * and revoked, so that their hosts may enroll again. Agents the demo did not enroll are left alone.
 */
export async function prepareDemo(
  prisma: PrismaClient,
  setup: DemoSetup,
  log: (line: string) => void,
): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const exists = await prisma.user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (!exists) await createUser(prisma, account);
  }
  const system = { id: 'demo', label: 'pnpm demo' };
  const gone = await demoAgentsWithoutKeptCredential(prisma, setup.fleetDir);
  for (const agentId of gone) await revokeAgent(prisma, agentId, system);
  if (gone.length) log(`[demo] revoked ${gone.length} demo agent(s) whose credential is no longer kept`);
  const { token } = await createEnrollmentToken(
    prisma,
    { label: DEMO_TOKEN_LABEL, expiresInHours: 24, maxUses: 1_000 },
    system,
  );
  await mkdir(path.dirname(setup.tokenFile), { recursive: true });
  await writeFile(setup.tokenFile, `${token}\n`, { mode: 0o600 });
  log('[demo] sign in with one of these accounts:');
  for (const account of DEMO_ACCOUNTS)
    log(`[demo]   ${account.role.padEnd(8)} ${account.email} / ${account.password}`);
}

/** Live agents enrolled with a demo token whose credential no host folder of the fleet holds. */
async function demoAgentsWithoutKeptCredential(
  prisma: PrismaClient,
  fleetDir: string | undefined,
): Promise<string[]> {
  const demoTokens = await prisma.enrollmentToken.findMany({
    where: { label: DEMO_TOKEN_LABEL },
    select: { id: true },
  });
  const agents = await prisma.agent.findMany({
    where: { revokedAt: null, enrollmentTokenId: { in: demoTokens.map((t) => t.id) } },
    select: { id: true },
  });
  const kept = new Set<string>();
  for (const { credential, file } of await keptCredentials(fleetDir)) {
    const agent = await authenticateAgent(prisma, credential);
    if (agent) kept.add(agent.agentId);
    // Unknown here (a new database) or revoked: that host enrolls afresh with this run's token.
    else if (file) await rm(file, { force: true });
  }
  return agents.map((a) => a.id).filter((id) => !kept.has(id));
}

/**
 * The credentials the fleet's agents keep: `<host>/agent.token` once enrolled, or the pending one
 * (`agent.token.enrolling`, JSON) of an enrollment whose answer was lost — both may be in use.
 */
async function keptCredentials(
  fleetDir: string | undefined,
): Promise<{ credential: string; file?: string }[]> {
  if (!fleetDir) return [];
  const hosts = await readdir(fleetDir, { withFileTypes: true }).catch(() => []);
  const found: { credential: string; file?: string }[] = [];
  for (const host of hosts) {
    if (!host.isDirectory()) continue;
    const tokenFile = path.join(fleetDir, host.name, 'agent.token');
    const token = (await readFile(tokenFile, 'utf8').catch(() => '')).trim();
    if (token.startsWith(AGENT_CREDENTIAL_PREFIX)) found.push({ credential: token, file: tokenFile });
    const pending = await readFile(`${tokenFile}.enrolling`, 'utf8').catch(() => '');
    const credential = z.object({ credential: z.string() }).safeParse(safeJson(pending)).data?.credential;
    if (credential) found.push({ credential });
  }
  return found;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
