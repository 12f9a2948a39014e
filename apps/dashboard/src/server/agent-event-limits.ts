import { ackError, type TAck } from '@standby/protocol';

/** A token bucket: `burst` events at once, then `perMinute` on average. */
export interface TBucketSpec {
  burst: number;
  perMinute: number;
}

export type TLimitedAgentEvent =
  | 'hello'
  | 'check:started'
  | 'check:progress'
  | 'check:finished'
  | 'check:late';

export interface TAgentEventLimits {
  events: Record<TLimitedAgentEvent, TBucketSpec>;
  /** Refused events a credential may collect before its socket is closed (it keeps flooding). */
  refusals: TBucketSpec;
  /** Connections a credential may open on this node (each one is a credential check). */
  connects: TBucketSpec;
  /** Connections a credential may open per minute on all nodes together (counted in PostgreSQL). */
  connectsPerMinuteEverywhere: number;
}

/**
 * Per agent credential on this node (one live socket per credential: agent-connections.ts), and
 * kept across its reconnections, so reconnecting does not refill them. Each hello is a database
 * transaction: a few per minute after the first ones (a SIP Server restart sends one or two). A
 * result replay sends one `check:finished` at a time, each after the previous ack: 100 per second
 * is more than one agent's replay reaches, and anything refused is retried by the agent.
 */
export const DEFAULT_AGENT_EVENT_LIMITS: TAgentEventLimits = {
  events: {
    hello: { burst: 10, perMinute: 20 },
    'check:started': { burst: 30, perMinute: 120 },
    'check:progress': { burst: 200, perMinute: 2_400 },
    'check:late': { burst: 100, perMinute: 600 },
    'check:finished': { burst: 300, perMinute: 6_000 },
  },
  // An agent that backs off when refused (docs/DELIVERY.md) collects at most about one refusal a
  // second even when its SIP Server restarts in a loop; a flood collects thousands.
  refusals: { burst: 50, perMinute: 120 },
  connects: { burst: 10, perMinute: 12 },
  // Above one node's allowance: it only stops an agent hopping between nodes for fresh budgets.
  connectsPerMinuteEverywhere: 30,
};

class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(private readonly spec: TBucketSpec) {
    this.tokens = spec.burst;
    this.at = Date.now();
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.spec.burst, this.tokens + ((now - this.at) * this.spec.perMinute) / 60_000);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** One credential's buckets. */
export class AgentBudget {
  private readonly events = new Map<TLimitedAgentEvent, TokenBucket>();
  private readonly refusals: TokenBucket;
  private readonly connects: TokenBucket;
  usedAt = Date.now();

  constructor(private readonly limits: TAgentEventLimits) {
    this.refusals = new TokenBucket(limits.refusals);
    this.connects = new TokenBucket(limits.connects);
  }

  /** True if the event may be handled; false: refuse it (and count a refusal). */
  allow(event: TLimitedAgentEvent): boolean {
    this.usedAt = Date.now();
    let bucket = this.events.get(event);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.events[event]);
      this.events.set(event, bucket);
    }
    return bucket.take();
  }

  /** Counts a refusal; false once the credential has kept flooding past its allowance. */
  tolerateRefusal(): boolean {
    return this.refusals.take();
  }

  allowConnect(): boolean {
    this.usedAt = Date.now();
    return this.connects.take();
  }

  describe(event: TLimitedAgentEvent): string {
    const { burst, perMinute } = this.limits.events[event];
    return `${event}: over the limit of ${perMinute} per minute (bursts of ${burst}) for this agent; retry later`;
  }
}

/** Budgets kept this long after their last use (then a returning agent starts afresh). */
const IDLE_MS = 10 * 60_000;

/** Every credential's budget on this node. */
export class AgentEventLimiter {
  private readonly budgets = new Map<string, AgentBudget>();
  private readonly sweeper: NodeJS.Timeout;
  readonly limits: TAgentEventLimits;

  constructor(limits: Partial<TAgentEventLimits> = {}) {
    this.limits = {
      ...DEFAULT_AGENT_EVENT_LIMITS,
      ...limits,
      events: { ...DEFAULT_AGENT_EVENT_LIMITS.events, ...limits.events },
    };
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  for(agentId: string): AgentBudget {
    let budget = this.budgets.get(agentId);
    if (!budget) {
      budget = new AgentBudget(this.limits);
      this.budgets.set(agentId, budget);
    }
    return budget;
  }

  private sweep(): void {
    const before = Date.now() - IDLE_MS;
    for (const [agentId, budget] of this.budgets) if (budget.usedAt < before) this.budgets.delete(agentId);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

type Ack = (response: TAck<never>) => void;

/**
 * The check every agent event passes first: within budget, false (go on). Over it, the event is
 * refused (TOO_MANY_REQUESTS in its ack, if it has one: the agent retries it with backoff) and true
 * is returned; a credential that keeps flooding past its refusals allowance loses its socket.
 */
export function agentEventGate(
  budget: AgentBudget,
  socket: {
    emit(event: 'server:error', error: { code: string; message: string }): unknown;
    disconnect(close: boolean): unknown;
  },
): (event: TLimitedAgentEvent, ack?: unknown) => boolean {
  return (event, ack) => {
    if (budget.allow(event)) return false;
    if (typeof ack === 'function') (ack as Ack)(ackError('TOO_MANY_REQUESTS', budget.describe(event)));
    if (!budget.tolerateRefusal()) {
      socket.emit('server:error', {
        code: 'TOO_MANY_REQUESTS',
        message: 'This agent kept sending more events than its limits allow: disconnected.',
      });
      socket.disconnect(true);
    }
    return true;
  };
}
