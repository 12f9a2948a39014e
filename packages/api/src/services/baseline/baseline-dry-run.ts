import type { PrismaClient } from '@standby/db';
import { compileBaseline, OPTION_CATALOG, type TOptionName } from '@standby/domain';
import type { TBaselineDryRun } from '@standby/protocol';
import { planOptionChange, queuedOptionValues, type TPlannedHost } from '../option-plan';
import { readOptionsMap } from '../stored-json';
import { parseBaselineYaml } from './parse-baseline';

/** Hosts per planning call: a target of host ids stays a bounded statement. */
const PLAN_CHUNK = 1_000;

export interface TBaselinePlan {
  dryRun: TBaselineDryRun;
  /** The hosts that would change, with their planned changes (what apply sends). */
  planned: TPlannedHost[];
}

/**
 * baseline.dryRun: what importing the YAML would send, host by host, before anything is written —
 * through the one planning of option changes (option-plan.ts), so it agrees with the apply.
 */
export async function planBaseline(prisma: PrismaClient, yaml: string): Promise<TBaselinePlan> {
  const resolve = compileBaseline(parseBaselineYaml(yaml));
  const hosts = await prisma.host.findMany({
    select: {
      id: true,
      hostname: true,
      application: true,
      configuredOptions: true,
      pair: { select: { name: true } },
    },
    orderBy: [{ hostname: 'asc' }, { application: 'asc' }],
  });
  const queued = await queuedOptionValues(
    prisma,
    hosts.map((host) => host.id),
  );
  // A first pass sorts out the hosts that already match (most of them, importing an export): only the
  // others are planned, grouped by the values they need, so a baseline with one entry per host (its own
  // SIP port) costs one planning per distinct change, not one per host.
  const groups = new Map<string, { values: Record<string, string>; hostIds: string[] }>();
  let uncovered = 0;
  let matching = 0;
  for (const host of hosts) {
    const desired = resolve({ ...host, pairName: host.pair?.name ?? null });
    if (Object.keys(desired).length === 0) {
      uncovered++;
      continue;
    }
    const current = { ...readOptionsMap(host.configuredOptions), ...queued.get(host.id) };
    const needed = Object.entries(desired).filter(([option, value]) => current[option] !== value);
    if (needed.length === 0) {
      matching++;
      continue;
    }
    const key = JSON.stringify(needed.sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? { values: Object.fromEntries(needed), hostIds: [] };
    group.hostIds.push(host.id);
    groups.set(key, group);
  }
  // The one planning (option-plan.ts) decides what is sent: the dry run shows exactly what apply sends.
  const planned: TPlannedHost[] = [];
  let unchanged = matching;
  for (const group of groups.values()) {
    for (let start = 0; start < group.hostIds.length; start += PLAN_CHUNK) {
      const hostIds = group.hostIds.slice(start, start + PLAN_CHUNK);
      const plan = await planOptionChange(prisma, {
        target: { kind: 'hosts', hostIds },
        values: group.values,
      });
      planned.push(...plan.hosts);
      unchanged += plan.unchanged;
    }
  }
  planned.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.application.localeCompare(b.application));
  const restricted = [
    ...new Set(
      planned.flatMap((host) =>
        host.changes.flatMap((change) =>
          OPTION_CATALOG[change.option as TOptionName]?.restricted ? [change.option] : [],
        ),
      ),
    ),
  ].sort();
  return {
    planned,
    dryRun: {
      hosts: planned.map((host) => ({
        hostId: host.hostId,
        hostname: host.hostname,
        application: host.application,
        pairName: host.pairName,
        changes: host.changes,
        findingsAfter: host.findingsAfter.map(({ code, severity, message }) => ({ code, severity, message })),
      })),
      unchanged,
      uncovered,
      restricted,
    },
  };
}
