import type { PrismaClient } from '@standby/db';
import type { TFleetHost, TFleetPage, TFleetPageInput } from '@standby/protocol';
import { queryFleetRows, type TFleetRow } from './fleet-rows';
import { readOptionsMap } from './stored-json';

/** fleet.page: one keyset page of host summaries. */
export async function loadFleetPage(prisma: PrismaClient, input: TFleetPageInput): Promise<TFleetPage> {
  const { rows, nextCursor } = await queryFleetRows(prisma, input);
  return { hosts: rows.map(toFleetHost), nextCursor };
}

/** The fleet.list summary shape (UNKNOWN while disconnected), from the denormalized columns. */
export function toFleetHost(row: TFleetRow): TFleetHost {
  return {
    id: row.id,
    hostname: row.hostname,
    application: row.application,
    pair: row.pairName,
    pairId: row.pairId,
    mode: row.mode,
    version: row.version,
    status: row.displayStatus,
    statusSince: row.statusSince?.toISOString() ?? null,
    lastCheckAt: row.lastCheckAt?.toISOString() ?? null,
    connected: row.connected,
    pendingRestart: row.pendingRestart,
    findings: { critical: row.findingsCritical, warning: row.findingsWarning, info: row.findingsInfo },
    effectiveOptions: readOptionsMap(row.effectiveOptions),
  };
}
