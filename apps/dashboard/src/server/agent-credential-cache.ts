import { ALL_AGENTS, type AuthenticatedAgent, authenticateAgent, type CommandBus } from '@standby/api';
import type { PrismaClient } from '@standby/db';

const TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

/**
 * Agents call the API several times per command (stream, ack): remembering a verified credential
 * for a minute saves a database read per request. A revocation (from any node, over the bus)
 * evicts the agent at once, so the cache never lets a revoked agent back in.
 */
export class AgentCredentialCache {
  private readonly entries = new Map<string, { agent: AuthenticatedAgent; until: number }>();
  private readonly stop: () => void;
  /** Bumped on every eviction: a lookup that started before one must not cache what it read. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaClient,
    bus: CommandBus,
  ) {
    this.stop = bus.onRevoked((agentId) => {
      this.generation++;
      if (agentId === ALL_AGENTS) this.entries.clear();
      for (const [credential, entry] of this.entries) {
        if (entry.agent.agentId === agentId) this.entries.delete(credential);
      }
    });
  }

  async authenticate(credential: string | null): Promise<AuthenticatedAgent | null> {
    if (!credential) return null;
    const cached = this.entries.get(credential);
    if (cached && cached.until > Date.now()) return cached.agent;
    const generation = this.generation;
    const agent = await authenticateAgent(this.prisma, credential);
    this.entries.delete(credential);
    if (agent && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(credential, { agent, until: Date.now() + TTL_MS });
    }
    return agent;
  }

  close(): void {
    this.stop();
  }
}
