import { Prisma, type PrismaClient } from '@standby/db';
import type { THostRunsPage } from '@standby/protocol';
import { toCheckRunView } from './check-run-view';
import { assertHostExists } from './host-not-found';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import {
  checkKeyValues,
  keysetAfter,
  keysetColumns,
  keysetOrderBy,
  keyValuesOf,
  type TKeyPart,
} from './keyset-sql';

// Matches @@index([hostId, startedAt(sort: Desc), id(sort: Desc)]): equality on hostId, then the row value.
const RUN_KEY: TKeyPart[] = [
  { sql: Prisma.sql`r."startedAt"`, kind: 'timestamp' },
  { sql: Prisma.sql`r.id`, kind: 'uuid' },
];
const SCOPE = 'host-runs';

type TRunRow = Parameters<typeof toCheckRunView>[0] & Record<string, unknown>;

/** host.runs: newest first, with each run's components fetched for the whole page at once. */
export async function loadHostRuns(
  prisma: PrismaClient,
  input: { hostId: string; limit: number; cursor?: string | undefined },
): Promise<THostRunsPage> {
  await assertHostExists(prisma, input.hostId);
  let keyset = Prisma.sql`TRUE`;
  if (input.cursor) {
    const values = decodeCursor(input.cursor, SCOPE, RUN_KEY.length);
    checkKeyValues(RUN_KEY, values, SCOPE);
    keyset = keysetAfter(RUN_KEY, values, 'desc');
  }
  const rows = await prisma.$queryRaw<TRunRow[]>`
    SELECT r.id::text AS id, r.status, r.trigger, r.late, r.applicable, r."checkEnabled", r.mode, r."timeoutSec",
      r."startedAt", r."finishedAt", r."durationMs", r."portState", r."portReason", r.port, r.address, r.findings,
      r.version, r.reasons,
      ${keysetColumns(RUN_KEY)}
    FROM "CheckRun" r
    WHERE r."hostId" = ${input.hostId}::uuid AND ${keyset}
    ORDER BY ${keysetOrderBy(RUN_KEY, 'desc')}
    LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit);
  const components = page.length
    ? await prisma.componentResult.findMany({ where: { runId: { in: page.map((run) => run.id) } } })
    : [];
  const byRun = new Map<string, typeof components>();
  for (const component of components) {
    byRun.set(component.runId, [...(byRun.get(component.runId) ?? []), component]);
  }
  const last = page[page.length - 1];
  return {
    runs: page.map((run) => toCheckRunView(run, byRun.get(run.id) ?? [])),
    nextCursor: rows.length > input.limit && last ? encodeCursor(SCOPE, keyValuesOf(RUN_KEY, last)) : null,
  };
}
