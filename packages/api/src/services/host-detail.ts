import type { PrismaClient } from '@standby/db';
import {
  COMPONENT_NAMES,
  COMPONENT_STATES,
  HOST_STATUSES,
  HOST_VERDICTS,
  type THostStatus,
  type THostVerdict,
} from '@standby/domain';
import { type TBrowserFinding, type THostDetail, ZBrowserFindingSchema } from '@standby/protocol';
import { z } from 'zod';
import { toCheckRunView } from './check-run-view';
import { hostNotFound } from './host-not-found';
import { toChecking } from './host-summary';
import { readOptionsMap, readStringArray } from './stored-json';

const ZStoredFinding = ZBrowserFindingSchema.omit({ source: true });
const ZLiveComponent = z.object({
  name: z.enum(COMPONENT_NAMES),
  state: z.enum(COMPONENT_STATES),
  readyAfterMs: z.number().int().nullable(),
});

/**
 * host.get: the host's facts, its latest run with components, and its verdict and findings as stored by
 * refreshHostVerdicts — the very values the fleet page, the findings list and the exports read.
 */
export async function loadHostDetail(prisma: PrismaClient, hostId: string): Promise<THostDetail> {
  const [host, latestRun] = await Promise.all([
    prisma.host.findUnique({
      where: { id: hostId },
      include: {
        pair: { select: { id: true, name: true } },
        agent: {
          select: {
            connected: true,
            lastSeenAt: true,
            agentVersion: true,
            enrolledAt: true,
            revokedAt: true,
          },
        },
      },
    }),
    prisma.checkRun.findFirst({
      where: { hostId },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      include: { components: true },
    }),
  ]);
  if (!host) throw hostNotFound(hostId);
  return {
    host: {
      id: host.id,
      hostname: host.hostname,
      application: host.application,
      pair: host.pair,
      mode: host.mode,
      version: host.version,
      sameHost: host.sameHost,
      configuredOptions: readOptionsMap(host.configuredOptions),
      effectiveOptions: readOptionsMap(host.effectiveOptions),
      pendingRestart: host.pendingRestart,
      pendingSince: host.pendingSince?.toISOString() ?? null,
      status: (HOST_STATUSES as readonly string[]).includes(host.displayStatus)
        ? (host.displayStatus as THostStatus)
        : 'UNKNOWN',
      statusSince: host.statusSince?.toISOString() ?? null,
      lastCheckAt: host.lastCheckAt?.toISOString() ?? null,
      verdict: (HOST_VERDICTS as readonly string[]).includes(host.verdict)
        ? (host.verdict as THostVerdict)
        : 'unknown',
      verdictCause: host.verdictCause,
      verdictReason: host.verdictReason,
      verdictReasons: readStringArray(host.verdictReasons),
      verdictSince: host.verdictSince?.toISOString() ?? null,
      serverStartedAt: host.serverStartedAt?.toISOString() ?? null,
      lastSeenAt: host.lastSeenAt?.toISOString() ?? null,
      staleAfter: host.staleAt?.toISOString() ?? null,
      checking: toChecking(host),
      liveComponents: readArray(host.liveComponents, ZLiveComponent),
      agent: host.agent && {
        connected: host.agent.connected,
        lastSeenAt: host.agent.lastSeenAt?.toISOString() ?? null,
        agentVersion: host.agent.agentVersion,
        enrolledAt: host.agent.enrolledAt.toISOString(),
        revokedAt: host.agent.revokedAt?.toISOString() ?? null,
      },
    },
    latestRun: latestRun && toCheckRunView(latestRun, latestRun.components),
    findings: readArray(host.lastFindings, ZStoredFinding).map(
      (finding): TBrowserFinding => ({
        ...finding,
        source: finding.code === 'last-check-failed' ? 'last-check' : 'dashboard',
      }),
    ),
  };
}

function readArray<T>(value: unknown, schema: z.ZodType<T>): T[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
