import type { PrismaClient } from '@standby/db';
import { AppError, isAppError, wireTransformer } from '@standby/protocol';
import { initTRPC } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { type Role, roleAtLeast } from './auth/roles';
import { assertWithinTokenPairs } from './services/api-token-pair-scope';
import { type ApiTokenGrant, tokenActorLabel } from './services/api-tokens';
import { recordAudit } from './services/audit-log';
import type { TEnrollLimits } from './services/enrollment';
import type { DashboardMetrics } from './services/metrics';
import { appCodeOf, formatErrorShape, toTRPCError } from './trpc-errors';

/** A signed-in browser user, as read from their session cookie. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Set when the request came with an API token: the user is its owner, `role` the token's effective one. */
  apiTokenId?: string;
}

/** An enrolled agent, as read from its credential. It may only act for its own host. */
export interface AuthenticatedAgent {
  agentId: string;
  hostId: string;
  hostKey: string;
}

export interface ApiContext {
  prisma: PrismaClient;
  user: SessionUser | null;
  agent: AuthenticatedAgent | null;
  /** What the request's API token grants (scope, pairs), when it came with one (`user` is then its owner). */
  apiToken?: ApiTokenGrant | null;
  /** Client address, for the audit log. */
  ip: string | null;
  /** Wakes agent subscriptions on every dashboard node (Postgres NOTIFY). */
  commandBus: CommandBus;
  /** This node's Prometheus metrics (command delivery and apply latency); absent in callers made for tests. */
  metrics?: DashboardMetrics;
  /** Budgets of the public `agent.enroll` (default DEFAULT_ENROLL_LIMITS). */
  enrollLimits?: TEnrollLimits;
}

/** The cross-node wake-up for agent commands and revocations. */
export interface CommandBus {
  /** Resolves when a command for `hostId` may be waiting, or after `timeoutMs`, or on abort. */
  waitForCommand(hostId: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Tells every node (including this one) that `hostId` has new commands. */
  notifyHosts(hostIds: string[]): Promise<void>;
  /** Tells every node to cut off this agent's sockets and subscriptions. */
  notifyRevoked(agentId: string): Promise<void>;
  onRevoked(listener: (agentId: string) => void): () => void;
  /** Tells the other nodes (and, from the API, this one too) that hosts changed, for their live views. */
  publishHostChanges(changes: HostChange[], origin: 'this-node-emitted' | 'everyone'): Promise<void>;
  onHostChanges(listener: (changes: HostChange[]) => void): () => void;
}

export interface HostChange {
  hostId: string;
  /** Whether a check is in progress on the host, when the sending node knows (its agent is there). */
  running: boolean | null;
}

/** Who did it, for change records and the audit log. */
export const actorOf = (user: SessionUser, ip: string | null) => ({
  id: user.id,
  // An act done with an API token names the token beside its owner in every audit row and change record.
  label: user.apiTokenId ? tokenActorLabel(user.email, user.apiTokenId) : user.email,
  ip,
});

const t = initTRPC
  .context<ApiContext>()
  .meta<OpenApiMeta>()
  .create({
    // Dates (and bigints, Maps…) arrive as themselves: every client uses the same transformer.
    transformer: wireTransformer,
    // The one place an error becomes what a client sees: AppError code and message, or INTERNAL.
    errorFormatter: formatErrorShape,
    sse: {
      // Agents' command streams sit idle for hours: a ping every 15 s keeps proxies from dropping
      // them, and a client that hears nothing for 45 s reconnects (a half-open TCP connection
      // would otherwise swallow commands silently until the next restart).
      ping: { enabled: true, intervalMs: 15_000 },
      client: { reconnectAfterInactivityMs: 45_000 },
    },
  });

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure starts here: an AppError thrown below becomes the TRPCError with the same code
 * (so server-side callers see NOT_FOUND, not INTERNAL_SERVER_ERROR). Errors thrown later by a
 * subscription's generator are mapped by the error formatter alone.
 */
const baseProcedure = t.procedure
  .use(async ({ next }) => {
    const result = await next();
    if (!result.ok && isAppError(result.error.cause)) throw toTRPCError(result.error.cause);
    return result;
  })
  .use(async ({ ctx, path, type, getRawInput, next }) => {
    const grant = ctx.apiToken;
    if (!grant || !ctx.user) return next();
    // A pair-limited token reaches only procedures that name a host or pair, checked here.
    const guarded = async () => {
      if (grant.pairIds.length > 0)
        await assertWithinTokenPairs(ctx.prisma, path, await getRawInput(), grant.pairIds);
      return next();
    };
    if (type !== 'mutation') {
      // Reads are audited once a minute per token (with the call that opened the minute): every use
      // is accounted for without one row per poll of a script.
      if (grant.firstUseThisMinute)
        await recordAudit(ctx.prisma, {
          actorType: 'user',
          actorId: ctx.user.id,
          actorLabel: tokenActorLabel(ctx.user.email, grant.tokenId),
          action: 'api-token.read',
          targetType: 'api-token',
          targetId: grant.tokenId,
          after: { procedure: path },
          ip: ctx.ip,
        });
      return guarded();
    }
    // Every change attempted with a token is audited with the token and its owner, refused ones too.
    let outcome = 'INTERNAL';
    try {
      const result = await guarded();
      outcome = result.ok ? 'ok' : appCodeOf(result.error);
      return result;
    } catch (error) {
      outcome = isAppError(error) ? error.code : outcome;
      throw error;
    } finally {
      await recordAudit(ctx.prisma, {
        actorType: 'user',
        actorId: ctx.user.id,
        actorLabel: tokenActorLabel(ctx.user.email, grant.tokenId),
        action: 'api-token.use',
        targetType: 'api-token',
        targetId: grant.tokenId,
        after: { procedure: path, outcome },
        ip: ctx.ip,
      });
    }
  });

/** Open to anyone who can reach the server: only sign-in helpers and enrollment use it. */
export const publicProcedure = baseProcedure;

function requireRole(minimum: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) throw new AppError('UNAUTHORIZED', 'Sign in first.');
    if (!roleAtLeast(ctx.user.role, minimum)) {
      const who = ctx.apiToken ? 'this API token acts as' : 'you are';
      throw new AppError('FORBIDDEN', `This needs the ${minimum} role; ${who} ${ctx.user.role}.`);
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

/** Read access: any signed-in user. */
export const viewerProcedure = baseProcedure.use(requireRole('viewer'));
/** Change options, run checks. */
export const operatorProcedure = baseProcedure.use(requireRole('operator'));
/** Users and agent enrollment. */
export const adminProcedure = baseProcedure.use(requireRole('admin'));

/** Signed in through the browser: managing API tokens is not something a token may do. */
export const browserSessionProcedure = viewerProcedure.use(({ ctx, next }) => {
  if (ctx.apiToken) throw new AppError('FORBIDDEN', 'API tokens cannot manage API tokens; sign in.');
  return next();
});

/** Called by an enrolled agent with its credential. */
export const agentProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.agent) throw new AppError('UNAUTHORIZED', 'Agent credential missing, unknown or revoked.');
  return next({ ctx: { ...ctx, agent: ctx.agent } });
});
