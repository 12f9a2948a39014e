import { Prisma, type PrismaClient } from '@standby/db';
import type { TCommandTarget } from '@standby/protocol';
import { fleetFilterSql } from './fleet-filter';
import { FLEET_FROM } from './fleet-sql';

/** A target host's sort key: the dry run pages by host name, then id. */
export interface TTargetHostKey {
  id: string;
  hostname: string;
}

/** Every host of a target (hosts, pair, or the fleet page’s own filter), by host name (byte order) then id. */
export async function listTargetHostKeys(
  prisma: PrismaClient,
  target: TCommandTarget,
): Promise<TTargetHostKey[]> {
  return prisma.$queryRaw<TTargetHostKey[]>`
    SELECT h.id::text AS id, h.hostname
    FROM ${FLEET_FROM}
    WHERE ${targetCondition(target)}
    ORDER BY h.hostname COLLATE "C", h.id`;
}

/** What planning reads of a host, and of its pair partner (only in a pair of exactly two: drift is between two). */
export interface TPlanningHostRow {
  id: string;
  hostname: string;
  application: string;
  pairName: string | null;
  mode: string;
  version: string | null;
  sameHost: boolean;
  configuredOptions: unknown;
  effectiveOptions: unknown;
  startupSamples: unknown;
  peerId: string | null;
  peerHostname: string | null;
  peerConfiguredOptions: unknown;
}

export async function readPlanningHosts(
  prisma: PrismaClient,
  hostIds: readonly string[],
): Promise<TPlanningHostRow[]> {
  if (hostIds.length === 0) return [];
  return prisma.$queryRaw<TPlanningHostRow[]>`
    SELECT h.id::text AS id, h.hostname, h.application, p.name AS "pairName", h.mode, h.version, h."sameHost",
      h."configuredOptions", h."effectiveOptions", h."startupSamples",
      peer.id::text AS "peerId", peer.hostname AS "peerHostname", peer."configuredOptions" AS "peerConfiguredOptions"
    FROM "Host" h
    LEFT JOIN "HaPair" p ON p.id = h."pairId"
    LEFT JOIN LATERAL (
      SELECT o.id, o.hostname, o."configuredOptions" FROM "Host" o
      WHERE h."pairId" IS NOT NULL AND o."pairId" = h."pairId" AND o.id <> h.id
        AND (SELECT count(*) FROM "Host" m WHERE m."pairId" = h."pairId") = 2
    ) peer ON TRUE
    WHERE h.id = ANY(${[...hostIds]}::uuid[])`;
}

function targetCondition(target: TCommandTarget): Prisma.Sql {
  switch (target.kind) {
    case 'hosts':
      return Prisma.sql`h.id = ANY(${target.hostIds}::uuid[])`;
    case 'pair':
      return Prisma.sql`h."pairId" = ${target.pairId}::uuid`;
    case 'filter':
      // The fleet page's own filter, resolved by the same SQL: "everything matching" is what it lists.
      return fleetFilterSql(target.filter);
  }
}
