import { Prisma, type PrismaClient } from '@standby/db';
import { AppError, type TAgentHello } from '@standby/protocol';
import type { AuthenticatedAgent } from '../trpc';
import { newerOptionsReadSql } from './configured-options-order';
import { recordHostFactChanges, type TStoredHostFacts } from './host-fact-changes';
import { refuseForeignIdentity, resolvePairMembership } from './host-identity';
import {
  prismaQueryable,
  prismaTransactions,
  refreshHostVerdictsWithin,
  refreshPairPeers,
} from './refresh-host-verdicts';
import { readOptionsMap } from './stored-json';

const HELLO_OPTIONS_NEWER = Prisma.raw(newerOptionsReadSql('hello.read_at', 'h."configuredOptionsAt"'));

/** What a hello changed; `connected: false` when its socket closed before it could be stored. */
export interface TRegisteredHello {
  hostId: string;
  evaluatedHostIds: string[];
  connected: boolean;
  /** The connection the agent row named before, when it was connected through another one. */
  replacedConnection: string | null;
  /** Why the host was kept out of the pair its hello named (told to the agent), or null. */
  pairRefusal: string | null;
}

/**
 * Refreshes the facts of the host an enrolled agent speaks for, records what changed since the last
 * hello (switchover, version, restart, outside option changes), marks the agent connected through
 * `connectedNode` and evaluates the verdict again — all in one transaction. An agent may speak only
 * for the host it enrolled as, with the name and application it enrolled with (host-identity.ts).
 *
 * `isLive` is asked once the host row is locked: a hello whose socket closed meanwhile writes
 * nothing, so it can never leave the agent "connected" through a dead socket, nor overwrite a newer
 * connection. Disconnects lock the same row (markAgentDisconnected), so one that comes after the
 * check waits for this commit and then finds this connection to close.
 */
export async function registerAgentHost(
  prisma: PrismaClient,
  agent: AuthenticatedAgent,
  hello: TAgentHello,
  connectedNode: string,
  isLive: () => boolean = () => true,
): Promise<TRegisteredHello> {
  if (hello.hostKey !== agent.hostKey) {
    throw new AppError(
      'FORBIDDEN',
      `this agent is enrolled for host "${agent.hostKey}", not "${hello.hostKey}"`,
    );
  }
  await refuseForeignIdentity(prisma, agent, hello);
  const now = new Date();
  const registered = await prisma.$transaction(async (tx): Promise<TRegisteredHello> => {
    // Locked: two hellos of one agent (a reconnect racing a re-hello) must not both record one switchover.
    const [locked] = await tx.$queryRaw<
      (TStoredHostFacts & { pairId: string | null; application: string; optionsNewer: boolean })[]
    >`SELECT h.id::text AS id, mode, version, "configuredOptions", "effectiveOptions", "serverStartedAt",
        "pendingRestart", "pendingSince", "pairId"::text AS "pairId", application,
        ${HELLO_OPTIONS_NEWER} AS "optionsNewer"
      FROM "Host" h, (SELECT ${hello.configuredOptionsReadAt ?? null}::timestamptz AS read_at) AS hello
      WHERE h.id = ${agent.hostId}::uuid FOR UPDATE OF h`;
    const quiet = { hostId: agent.hostId, evaluatedHostIds: [], replacedConnection: null, pairRefusal: null };
    if (!locked || !isLive()) return { ...quiet, connected: false };
    const { optionsNewer, ...stored } = locked;
    // An options file read before the one stored (an ack or a result got there first) is not news:
    // the hello is judged, and stored, with the stored values.
    const facts: TAgentHello = optionsNewer
      ? hello
      : { ...hello, configuredOptions: readOptionsMap(stored.configuredOptions) };
    const [before] = await tx.$queryRaw<{ connected: boolean; connectedNode: string | null }[]>`
      SELECT connected, "connectedNode" FROM "Agent" WHERE id = ${agent.agentId}::uuid`;
    const pair = await resolvePairMembership(tx, agent, stored, hello.pair);
    const changes = await recordHostFactChanges(tx, stored, facts, agent, now);
    await tx.host.update({
      where: { id: agent.hostId },
      data: {
        pair: pair.pairId ? { connect: { id: pair.pairId } } : { disconnect: true },
        mode: hello.mode,
        version: hello.version,
        sameHost: hello.sameHost,
        configuredOptions: facts.configuredOptions,
        ...(optionsNewer ? { configuredOptionsAt: hello.configuredOptionsReadAt ?? null } : {}),
        effectiveOptions: hello.effectiveOptions,
        intervalSec: hello.intervalSec,
        lastSeenAt: now,
        ...changes,
      },
    });
    await tx.agent.update({
      where: { id: agent.agentId },
      data: { connected: true, connectedNode, lastSeenAt: now, agentVersion: hello.agentVersion },
    });
    return {
      hostId: agent.hostId,
      evaluatedHostIds: await refreshHostVerdictsWithin(prismaQueryable(tx), [agent.hostId], { now }),
      connected: true,
      replacedConnection:
        before?.connected && before.connectedNode && before.connectedNode !== connectedNode
          ? before.connectedNode
          : null,
      pairRefusal: pair.refusal,
    };
  });
  registered.evaluatedHostIds.push(
    ...(await refreshPairPeers(prismaTransactions(prisma), registered.evaluatedHostIds)),
  );
  return registered;
}

/**
 * Marks the agent disconnected — only if `connection` is still its current one: a server notices
 * a dropped socket late (ping timeout), often after the agent reconnected (maybe to another node).
 * The host row is locked first, as a hello locks it: a hello being stored for this very connection
 * commits first, and is then closed here.
 */
export async function markAgentDisconnected(
  prisma: PrismaClient,
  hostId: string,
  connection: string,
): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Host" WHERE id = ${hostId}::uuid FOR UPDATE`;
    const { count } = await tx.agent.updateMany({
      where: { hostId, connectedNode: connection, connected: true },
      data: { connected: false, lastSeenAt: new Date() },
    });
    if (count === 0) return [];
    // A check in progress ends with its agent's link: nobody will report it.
    await tx.host.update({
      where: { id: hostId },
      data: {
        checkingRunId: null,
        checkingStartedAt: null,
        checkingTrigger: null,
        checkingAtStart: false,
        liveComponents: [],
      },
    });
    return refreshHostVerdictsWithin(prismaQueryable(tx), [hostId]);
  });
}

/** A connection's name in Agent.connectedNode: the node, then the socket. */
export const connectionName = (nodeId: string, socketId: string): string => `${nodeId}/${socketId}`;
