import type { TFleetHost, THostDetail } from '@standby/protocol';

/**
 * The fleet.page row that host.get's answer implies for the same host: both read the values stored with
 * the host, so a listing and the host page must agree field for field (finding counts included).
 */
export function fleetRowOf({ host, findings }: THostDetail): Omit<TFleetHost, 'verdictCause'> & {
  verdictCause: string;
} {
  const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
  return {
    id: host.id,
    hostname: host.hostname,
    application: host.application,
    pair: host.pair?.name ?? null,
    pairId: host.pair?.id ?? null,
    mode: host.mode,
    version: host.version,
    status: host.status,
    statusSince: host.statusSince,
    verdict: host.verdict,
    verdictCause: host.verdictCause,
    verdictReason: host.verdictReason,
    verdictSince: host.verdictSince,
    checking: host.checking,
    lastCheckAt: host.lastCheckAt,
    connected: host.agent?.connected ?? false,
    sameHost: host.sameHost,
    pendingRestart: host.pendingRestart,
    findings: { critical: count('critical'), warning: count('warning'), info: count('info') },
    effectiveOptions: host.effectiveOptions,
  };
}
