import type { PrismaClient } from '@standby/db';
import type { TFleetHost, TFleetPage, TFleetPageInput } from '@standby/protocol';
import { queryFleetRows, type TFleetRow } from './fleet-rows';
import { toHostSummary } from './host-summary';
import { readOptionsMap } from './stored-json';

/** fleet.page: one keyset page of host summaries. */
export async function loadFleetPage(prisma: PrismaClient, input: TFleetPageInput): Promise<TFleetPage> {
  const { rows, nextCursor } = await queryFleetRows(prisma, input);
  return { hosts: rows.map(toFleetHost), nextCursor };
}

/** A fleet page row: the host summary every listing shares, plus what filtering and editing need. */
export function toFleetHost(row: TFleetRow): TFleetHost {
  return {
    ...toHostSummary(row),
    pairId: row.pairId,
    effectiveOptions: readOptionsMap(row.effectiveOptions),
  };
}
