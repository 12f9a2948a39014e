import type { PrismaClient } from '@standby/db';
import { CHECK_OPTION_NAMES, exportBaseline, type TBaseline } from '@standby/domain';
import { Document, isMap, isSeq } from 'yaml';
import { readOptionsMap } from '../stored-json';

/**
 * baseline.export: the fleet's configured options in the baseline format (domain exportBaseline: a
 * fleet value where every host agrees, a pair value where a pair agrees, host entries otherwise), so
 * importing it unchanged is a no-op.
 */
export async function exportFleetBaseline(prisma: PrismaClient): Promise<{ yaml: string; hosts: number }> {
  const hosts = await prisma.host.findMany({
    select: { hostname: true, application: true, configuredOptions: true, pair: { select: { name: true } } },
    orderBy: [{ hostname: 'asc' }, { application: 'asc' }],
  });
  const baseline = exportBaseline(
    hosts.map((host) => ({
      hostname: host.hostname,
      application: host.application,
      pairName: host.pair?.name ?? null,
      configuredOptions: readOptionsMap(host.configuredOptions),
    })),
    CHECK_OPTION_NAMES,
  );
  return { yaml: toBaselineYaml(baseline), hosts: hosts.length };
}

/**
 * The YAML form; values stay strings (quoted where YAML would read them as another type). Host entries
 * are written one per line (flow style): an export of a large, varied fleet stays well under the 1 MB a
 * request may carry, so it can be imported back.
 */
export function toBaselineYaml(baseline: TBaseline): string {
  const doc = new Document({ fleet: baseline.fleet, pairs: baseline.pairs, hosts: baseline.hosts });
  const hosts = doc.get('hosts', true);
  if (isSeq(hosts)) for (const entry of hosts.items) if (isMap(entry)) entry.flow = true;
  return doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}
