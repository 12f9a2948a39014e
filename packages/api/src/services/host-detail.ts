import type { PrismaClient } from '@standby/db';
import type { THostDetail } from '@standby/protocol';
import { toCheckRunView } from './check-run-view';
import { toDisplayStatus } from './display-status';
import { currentHostFindings } from './host-findings';
import { hostNotFound } from './host-not-found';
import { loadStartupSeries } from './host-startup-series';
import { readOptionsMap } from './stored-json';

/** The observed startup for the timeout finding's p95 comes from this many recent runs. */
export const STARTUP_SAMPLE_RUNS = 50;

/** host.get: the host's facts, its latest run with components, and its current findings. */
export async function loadHostDetail(prisma: PrismaClient, hostId: string, now: Date): Promise<THostDetail> {
  const [host, latestRun, series] = await Promise.all([
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
    loadStartupSeries(prisma, hostId, STARTUP_SAMPLE_RUNS),
  ]);
  if (!host) throw hostNotFound(hostId);
  const configuredOptions = readOptionsMap(host.configuredOptions);
  const connected = host.agent?.connected ?? false;
  const findings = currentHostFindings(
    {
      ...host,
      configuredOptions,
      agentConnected: connected,
      observedStartupMs: series.flatMap((point) =>
        point.maxReadyAfterMs === null ? [] : [point.maxReadyAfterMs],
      ),
    },
    now,
  );
  return {
    host: {
      id: host.id,
      hostname: host.hostname,
      application: host.application,
      pair: host.pair,
      mode: host.mode,
      version: host.version,
      sameHost: host.sameHost,
      configuredOptions,
      effectiveOptions: readOptionsMap(host.effectiveOptions),
      pendingRestart: host.pendingRestart,
      pendingSince: host.pendingSince?.toISOString() ?? null,
      status: toDisplayStatus(host.status, connected),
      statusSince: host.statusSince?.toISOString() ?? null,
      lastCheckAt: host.lastCheckAt?.toISOString() ?? null,
      agent: host.agent && {
        connected: host.agent.connected,
        lastSeenAt: host.agent.lastSeenAt?.toISOString() ?? null,
        agentVersion: host.agent.agentVersion,
        enrolledAt: host.agent.enrolledAt.toISOString(),
        revokedAt: host.agent.revokedAt?.toISOString() ?? null,
      },
    },
    latestRun: latestRun && toCheckRunView(latestRun, latestRun.components),
    findings,
  };
}
