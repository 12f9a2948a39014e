import {
  evaluateHostFindings,
  FINDING_SEVERITIES,
  HOST_STATUSES,
  SIP_SERVER_MODES,
  type THostStatus,
  type TSipServerMode,
} from '@standby/domain';
import type { TBrowserFinding, TOptionsMap } from '@standby/protocol';
import { AGENT_NOT_CONNECTED_FINDING } from './agent-not-connected';
import { readStoredFindings } from './stored-json';

export interface THostFindingsFacts {
  mode: string;
  version: string | null;
  sameHost: boolean;
  configuredOptions: TOptionsMap;
  /** As stored: the status of the latest finished check. */
  status: string;
  statusSince: Date | null;
  lastCheckAt: Date | null;
  pendingRestart: boolean;
  pendingSince: Date | null;
  /** Host.lastFindings, kept by ingest. */
  lastFindings: unknown;
  agentConnected: boolean;
  /** Slowest component's readyAfterMs per recent run. */
  observedStartupMs: readonly number[];
}

/**
 * The host's current findings: those of its latest check, plus what the dashboard evaluates now from the
 * host's facts (stale pending restart, timeout below observed startup, ...). On the same code and option the
 * dashboard's wins: it is evaluated against current facts and carries the suggested value.
 */
export function currentHostFindings(facts: THostFindingsFacts, now: Date): TBrowserFinding[] {
  const dashboard: TBrowserFinding[] = evaluateDashboardFindings(facts, now);
  if (!facts.agentConnected) dashboard.push({ ...AGENT_NOT_CONNECTED_FINDING, source: 'dashboard' });
  const seen = new Set(dashboard.map(findingKey));
  const fromCheck = readStoredFindings(facts.lastFindings)
    .filter((finding) => {
      const key = findingKey(finding);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((finding): TBrowserFinding => ({ ...finding, source: 'last-check' }));
  // Stable: within a severity, the domain's order (most severe causes first), then the check's.
  return [...dashboard, ...fromCheck].sort((a, b) => severityRank(a) - severityRank(b));
}

function evaluateDashboardFindings(facts: THostFindingsFacts, now: Date): TBrowserFinding[] {
  // The rules need a mode; a host whose agent never said which has nothing to evaluate yet.
  if (!isMode(facts.mode)) return [];
  const lastCheck =
    facts.lastCheckAt && facts.statusSince && isHostStatus(facts.status)
      ? { status: facts.status, since: facts.statusSince }
      : undefined;
  const findings = evaluateHostFindings({
    mode: facts.mode,
    version: facts.version ?? '',
    sameHost: facts.sameHost,
    configuredOptions: facts.configuredOptions,
    observedStartupMs: facts.observedStartupMs,
    ...(lastCheck ? { lastCheck } : {}),
    ...(facts.pendingRestart && facts.pendingSince ? { pendingRestartSince: facts.pendingSince } : {}),
    now,
  });
  return findings.map((finding) => ({ ...finding, source: 'dashboard' }));
}

function findingKey(finding: { code: string; option?: string | undefined }): string {
  return `${finding.code}\u0000${finding.option ?? ''}`;
}

function severityRank(finding: TBrowserFinding): number {
  return FINDING_SEVERITIES.indexOf(finding.severity);
}

function isMode(value: string): value is TSipServerMode {
  return (SIP_SERVER_MODES as readonly string[]).includes(value);
}

function isHostStatus(value: string): value is THostStatus {
  return (HOST_STATUSES as readonly string[]).includes(value);
}
