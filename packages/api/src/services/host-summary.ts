import type { Prisma } from '@standby/db';
import { HOST_STATUSES, type THostStatus } from '@standby/domain';
import type { THostSummary } from '@standby/protocol';

export const hostSummarySelect = {
  id: true,
  hostname: true,
  application: true,
  mode: true,
  version: true,
  status: true,
  statusSince: true,
  lastCheckAt: true,
  pendingRestart: true,
  pair: { select: { name: true } },
  agent: { select: { connected: true } },
  // Counts kept by ingest: no per-host subquery into the check history.
  findingsCritical: true,
  findingsWarning: true,
  findingsInfo: true,
} satisfies Prisma.HostSelect;

type HostRow = Prisma.HostGetPayload<{ select: typeof hostSummarySelect }>;

/** Shapes a host row for the fleet page and for live deltas. */
export function toHostSummary(row: HostRow): THostSummary {
  const findings = { critical: row.findingsCritical, warning: row.findingsWarning, info: row.findingsInfo };
  const connected = row.agent?.connected ?? false;
  return {
    id: row.id,
    hostname: row.hostname,
    application: row.application,
    pair: row.pair?.name ?? null,
    mode: row.mode,
    version: row.version,
    status: connected ? toHostStatus(row.status) : 'UNKNOWN',
    statusSince: row.statusSince?.toISOString() ?? null,
    lastCheckAt: row.lastCheckAt?.toISOString() ?? null,
    connected,
    pendingRestart: row.pendingRestart,
    findings,
  };
}

function toHostStatus(value: string): THostStatus {
  return (HOST_STATUSES as readonly string[]).includes(value) ? (value as THostStatus) : 'UNKNOWN';
}
