import type { PrismaClient } from '@standby/db';
import { AppError, type TAlertScope } from '@standby/protocol';

/** A rule's or a silence's scope from its columns. */
export function scopeOf(row: { scope: string; pairIds: string[]; hostIds: string[] }): TAlertScope {
  if (row.scope === 'pairs') return { kind: 'pairs', pairIds: row.pairIds };
  if (row.scope === 'hosts') return { kind: 'hosts', hostIds: row.hostIds };
  return { kind: 'fleet' };
}

/** The columns that store a scope (the ids of the other kind emptied). */
export function scopeColumns(scope: TAlertScope): { scope: string; pairIds: string[]; hostIds: string[] } {
  return {
    scope: scope.kind,
    pairIds: scope.kind === 'pairs' ? [...new Set(scope.pairIds)] : [],
    hostIds: scope.kind === 'hosts' ? [...new Set(scope.hostIds)] : [],
  };
}

/** BAD_REQUEST naming the hosts or pairs that do not exist. */
export async function checkScopeExists(
  prisma: Pick<PrismaClient, 'host' | 'haPair'>,
  scope: TAlertScope,
): Promise<void> {
  if (scope.kind === 'hosts') {
    const ids = [...new Set(scope.hostIds)];
    const found = await prisma.host.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((row) => row.id === id));
    if (missing.length)
      throw new AppError(
        'BAD_REQUEST',
        `No host ${missing.slice(0, 5).join(', ')}: pick hosts of the fleet.`,
      );
  } else if (scope.kind === 'pairs') {
    const ids = [...new Set(scope.pairIds)];
    const found = await prisma.haPair.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((row) => row.id === id));
    if (missing.length)
      throw new AppError(
        'BAD_REQUEST',
        `No pair ${missing.slice(0, 5).join(', ')}: pick pairs of the fleet.`,
      );
  }
}
