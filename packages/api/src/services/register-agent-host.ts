import type { PrismaClient } from '@standby/db';
import type { TAgentHello } from '@standby/protocol';

/** Records (or refreshes) the host an agent speaks for, and marks its agent connected. */
export async function registerAgentHost(
  prisma: PrismaClient,
  hello: TAgentHello,
  connectedNode: string,
): Promise<{ hostId: string }> {
  // Both members of a pair say hello at once: an atomic upsert, not Prisma's read-then-write one.
  const pair = hello.pair
    ? (
        await prisma.$queryRaw<{ id: string }[]>`
          INSERT INTO "HaPair" (id, name) VALUES (gen_random_uuid(), ${hello.pair})
          ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id::text AS id`
      )[0]
    : undefined;
  const now = new Date();
  const facts = {
    hostname: hello.hostname,
    application: hello.application,
    pairId: pair?.id ?? null,
    mode: hello.mode,
    version: hello.version,
    sameHost: hello.sameHost,
    configuredOptions: hello.configuredOptions,
    effectiveOptions: hello.effectiveOptions,
    lastSeenAt: now,
  };
  const host = await prisma.host.upsert({
    where: { key: hello.hostKey },
    create: { key: hello.hostKey, ...facts },
    update: facts,
  });
  await prisma.agent.upsert({
    where: { hostId: host.id },
    create: {
      hostId: host.id,
      connected: true,
      connectedNode,
      lastSeenAt: now,
      agentVersion: hello.agentVersion,
    },
    update: { connected: true, connectedNode, lastSeenAt: now, agentVersion: hello.agentVersion },
  });
  return { hostId: host.id };
}

export async function markAgentDisconnected(prisma: PrismaClient, hostId: string): Promise<void> {
  await prisma.agent.updateMany({ where: { hostId }, data: { connected: false, lastSeenAt: new Date() } });
}

/** On start, no agent is connected to this node yet, whatever the last run left behind. */
export async function resetConnectionsOfNode(prisma: PrismaClient, connectedNode: string): Promise<void> {
  await prisma.agent.updateMany({ where: { connectedNode, connected: true }, data: { connected: false } });
}
