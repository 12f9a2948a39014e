import type { PrismaClient } from '@standby/db';
import { findPairOptionDrift, resolveEffectiveOptions } from '@standby/domain';
import { AppError, type TPairDetail, type TPairMember } from '@standby/protocol';
import { toFleetHost } from './fleet-page';
import { queryFleetRows } from './fleet-rows';
import { readOptionsMap, readStoredFindings } from './stored-json';

/** More members than this is not an HA pair any more; the page shows the first ones. */
const MAX_MEMBERS = 50;

/** pair.get: both members with their options, and the check options that differ between them. */
export async function loadPairDetail(prisma: PrismaClient, pairId: string): Promise<TPairDetail> {
  const pair = await prisma.haPair.findUnique({ where: { id: pairId }, select: { id: true, name: true } });
  if (!pair) throw new AppError('NOT_FOUND', `No HA pair with id ${pairId}.`);
  const { rows } = await queryFleetRows(prisma, {
    filter: { pairId },
    sort: 'hostname',
    direction: 'asc',
    limit: MAX_MEMBERS,
  });
  const members: TPairMember[] = rows.map((row) => ({
    ...toFleetHost(row),
    configuredOptions: readOptionsMap(row.configuredOptions),
  }));
  // The drift findings are those the verdict evaluation stored with the first member (the host page's).
  const findings = readStoredFindings(rows[0]?.lastFindings).filter((f) => f.code === 'pair-option-drift');
  return {
    ...pair,
    members,
    drift: members.length === 2 ? pairDrift(members[0]!, members[1]!, findings) : null,
  };
}

function pairDrift(
  a: TPairMember,
  b: TPairMember,
  findings: ReturnType<typeof readStoredFindings>,
): NonNullable<TPairDetail['drift']> {
  // The agent reports effective values as written; resolving them again fills any it left out with defaults.
  const options = findPairOptionDrift(
    resolveEffectiveOptions(a.effectiveOptions).effective,
    resolveEffectiveOptions(b.effectiveOptions).effective,
  );
  return {
    a: { hostId: a.id, hostname: a.hostname },
    b: { hostId: b.id, hostname: b.hostname },
    options,
    findings: findings.map((finding) => ({ ...finding, source: 'dashboard' as const })),
  };
}
