import type { PrismaClient } from '@standby/db';
import type { TActiveBaseline } from '@standby/protocol';
import type { CommandBus } from '../../trpc';
import { recordAudit } from '../audit-log';
import type { Actor } from '../enrollment';
import { prismaTransactions, refreshHostVerdicts } from '../refresh-host-verdicts';
import { parseBaselineYaml } from './parse-baseline';

/** Hosts whose verdict is evaluated again per transaction after the baseline changed. */
const REFRESH_CHUNK = 500;

/** baseline.get: the active baseline as the admin wrote it, and how much drift it finds; null without one. */
export async function getActiveBaseline(prisma: PrismaClient): Promise<TActiveBaseline | null> {
  const row = await prisma.baseline.findFirst({ orderBy: { id: 'desc' } });
  if (!row || row.document === null) return null;
  // Drift is what the one verdict stored: the same findings the fleet page counts and filters.
  const [counts] = await prisma.$queryRaw<{ hosts: number; findings: number }[]>`
    SELECT count(*) FILTER (WHERE n > 0)::int AS hosts, COALESCE(sum(n), 0)::int AS findings
    FROM (SELECT (SELECT count(*) FROM jsonb_array_elements(h."lastFindings") f
                  WHERE f->>'code' = 'baseline-drift') AS n FROM "Host" h) per_host`;
  return {
    id: row.id.toString(),
    yaml: row.source,
    actorLabel: row.actorLabel,
    createdAt: row.createdAt,
    driftingHosts: counts?.hosts ?? 0,
    driftFindings: counts?.findings ?? 0,
  };
}

/**
 * baseline.set (admin): validates the YAML (BAD_REQUEST naming line and field), stores it as the one
 * active baseline with an audit event, then evaluates every host's verdict again so drift findings,
 * counts and filters follow at once. A blank document clears the baseline.
 */
export async function setActiveBaseline(
  prisma: PrismaClient,
  bus: CommandBus,
  yaml: string,
  actor: Actor,
): Promise<TActiveBaseline | null> {
  const cleared = yaml.trim() === '';
  const document = cleared ? null : parseBaselineYaml(yaml);
  const previous = await prisma.baseline.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  await prisma.$transaction(async (tx) => {
    const row = await tx.baseline.create({
      data: {
        source: yaml,
        ...(document ? { document: { ...document } } : {}),
        actorId: actor.id,
        actorLabel: actor.label,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorType: 'user',
      actorId: actor.id,
      actorLabel: actor.label,
      action: cleared ? 'baseline.clear' : 'baseline.set',
      targetType: 'baseline',
      targetId: row.id.toString(),
      ...(previous ? { before: { baselineId: previous.id.toString() } } : {}),
      ...(cleared ? {} : { after: { baselineId: row.id.toString(), yaml } }),
      ip: actor.ip ?? null,
    });
  });
  await refreshEveryHost(prisma, bus);
  return getActiveBaseline(prisma);
}

async function refreshEveryHost(prisma: PrismaClient, bus: CommandBus): Promise<void> {
  const hosts = await prisma.host.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  const inTransaction = prismaTransactions(prisma);
  for (let start = 0; start < hosts.length; start += REFRESH_CHUNK) {
    const ids = hosts.slice(start, start + REFRESH_CHUNK).map((host) => host.id);
    await refreshHostVerdicts(inTransaction, ids);
    await bus.publishHostChanges(
      ids.map((hostId) => ({ hostId, running: null })),
      'everyone',
    );
  }
}
