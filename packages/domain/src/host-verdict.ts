import { planCheck } from './check-plan';
import { COMPONENT_LABELS, COMPONENT_NAMES, type TComponentName } from './components';
import { evaluateHostFindings, formatSince, type TFinding } from './findings/index';
import { buildPairDriftFindings, findPairOptionDrift } from './findings/pair-drift';
import { PENDING_RESTART_STALE_MS } from './findings/pending-restart';
import { resolveEffectiveOptions } from './option-values';
import type { TCheckStatus, THostStatus, THostVerdict, TSipServerMode, TVerdictCause } from './status';
import { MIN_CHECK_VERSION } from './version';

/** The latest finished run, as stored. */
export interface TVerdictRun {
  status: TCheckStatus;
  applicable: boolean;
  checkEnabled: boolean;
  mode: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date;
  /** The run's own reasons: each failing component or port cause first, then notes. */
  reasons: readonly string[];
  /** Components that were not ready in time (for the few-word reason). */
  failedComponents: readonly { name: TComponentName; state: string }[];
  portState: string;
}

/** Every fact the dashboard has about one host; the verdict is a pure function of these and `now`. */
export interface THostVerdictFacts {
  hostname: string;
  mode: TSipServerMode | 'unknown';
  version: string;
  sameHost: boolean;
  /** The options file as written now. */
  configuredOptions: Readonly<Record<string, string | undefined>>;
  /** What the running SIP Server uses (the file as it was at its last start). */
  effectiveOptions: Readonly<Record<string, string | undefined>>;
  latestRun?: TVerdictRun;
  /** Since when the latest runs have had the latest run's status. */
  statusSince?: Date;
  /** The running SIP Server's start, as its agent observed it. */
  serverStartedAt?: Date;
  /** When the host last became backup (a switchover), if it did since it was first seen. */
  becameBackupAt?: Date;
  /** A check in progress. */
  checking?: { startedAt: Date; atStart: boolean };
  /** null: no agent was ever enrolled for the host. */
  agent: { connected: boolean; lastSeenAt?: Date } | null;
  /** Silence longer than this makes the host unknown (from the agent's interval and the check timeout). */
  staleAfterMs: number;
  pendingRestartSince?: Date;
  /** The other member of the pair, for drift (effective values). */
  pairPeer?: { hostname: string; effectiveOptions: Readonly<Record<string, string | undefined>> };
  /** Slowest component's readiness per recent run (ms), readiness after the timeout included. */
  observedStartupMs: readonly number[];
  /** The agent's clock minus the dashboard's (ms), as last measured (hello `sentAt`, a live or refused result). */
  agentClockSkewMs?: number;
  /** What the active baseline wants on this host (resolveBaselineOptions); absent without a baseline. */
  baselineOptions?: Readonly<Record<string, string>>;
  now: Date;
}

export interface THostVerdictResult {
  verdict: THostVerdict;
  cause: TVerdictCause;
  /** A few words, for the fleet row. */
  reason: string;
  /** Every reason behind the verdict, for the host page. */
  reasons: string[];
  /** What the SIP Server reports to its management layer, as far as the dashboard can tell. */
  displayStatus: THostStatus;
  /** Every current finding (configuration, the last check, pair drift, data age), most severe first. */
  findings: TFinding[];
  /** When the verdict or findings change by time alone (data going stale, pending restart aging). */
  reevaluateAt?: Date;
  /** When the host becomes unknown without news. */
  staleAt?: Date;
}

/**
 * The one verdict per host: would this backup serve if it were promoted now? Everything fleet-wide
 * (counts, filters, findings, exports, pair page, live deltas, alerts) reads what this returns.
 */
export function evaluateHostVerdict(facts: THostVerdictFacts): THostVerdictResult {
  const staleAt = lastNewsAt(facts) && new Date(lastNewsAt(facts)!.getTime() + facts.staleAfterMs);
  const decided = decideVerdict(facts, staleAt);
  const findings = evaluateFindings(facts, decided);
  const reevaluateAt = earliest([
    staleAt && staleAt > facts.now ? staleAt : undefined,
    facts.pendingRestartSince && pendingStaleAt(facts.pendingRestartSince, facts.now),
  ]);
  return {
    ...decided,
    findings,
    ...(reevaluateAt ? { reevaluateAt } : {}),
    ...(staleAt ? { staleAt } : {}),
  };
}

type TDecided = Pick<THostVerdictResult, 'verdict' | 'cause' | 'reason' | 'reasons' | 'displayStatus'>;

function decideVerdict(facts: THostVerdictFacts, staleAt: Date | undefined): TDecided {
  const unknown = findUnknown(facts, staleAt);
  if (unknown) return { ...unknown, verdict: 'unknown', displayStatus: 'UNKNOWN' };
  const run = facts.latestRun;
  const reported = reportedStatus(facts);
  if (facts.mode === 'unknown') {
    const reason = 'role unreadable';
    return {
      verdict: 'not-verified',
      cause: 'mode-unknown',
      reason,
      reasons: ['The agent cannot read whether this SIP Server is primary or backup'],
      displayStatus: reported,
    };
  }
  if (facts.mode === 'primary') {
    return {
      verdict: 'primary',
      cause: 'primary-mode',
      reason: 'primary',
      reasons: ['This SIP Server is the primary: the question applies to its backup'],
      displayStatus: reported,
    };
  }
  const plan = planCheck({
    mode: 'backup',
    version: facts.version,
    options: resolveEffectiveOptions(facts.effectiveOptions).effective,
    sameHost: facts.sameHost,
  });
  if (plan.notApplicableReason === 'version-invalid') {
    return notVerified('version-invalid', `version "${facts.version}" unreadable`, reported, [
      `The SIP Server version "${facts.version}" cannot be read, so whether it has the backup initialization check is not known`,
    ]);
  }
  if (plan.notApplicableReason === 'version-too-old') {
    return notVerified('version-too-old', `version ${facts.version} too old`, reported, [
      `SIP Server ${facts.version} predates ${MIN_CHECK_VERSION}: it has no backup initialization check, so nothing verifies its components before a promotion`,
    ]);
  }
  if (!plan.runComponents) {
    return notVerified('check-disabled', 'check turned off', reported, [
      'backup-init-check is false: the backup does not verify its components or its SIP port at startup',
    ]);
  }
  if (facts.checking?.atStart) {
    return notVerified('start-check-running', 'start check running', 'INITIALIZING', [
      `The SIP Server started and its check is running since ${facts.checking.startedAt.toISOString()}`,
    ]);
  }
  if (!run) {
    return notVerified('never-checked', 'never checked', reported, [
      'No check has reported for this host yet',
    ]);
  }
  const missed = findMissedStart(facts, run);
  if (run.mode !== 'backup' || !run.applicable || missed) {
    const what = missed?.what ?? 'becoming backup';
    const at = missed ? ` (${missed.at.toISOString()})` : '';
    return notVerified('no-check-since-start', `no check since ${what}`, reported, [
      `No check has run since ${what}${at}: the last one is older`,
    ]);
  }
  if (run.status === 'SERVICE_UNAVAILABLE') {
    const causes = run.reasons.length ? [...run.reasons] : ['The last check reported SERVICE_UNAVAILABLE'];
    return {
      verdict: 'would-not-serve',
      cause: 'check-failed',
      reason: shortFailureReason(run),
      reasons: causes,
      displayStatus: reported,
    };
  }
  return {
    verdict: 'would-serve',
    cause: 'check-passed',
    reason: 'check passed',
    reasons: run.reasons.length
      ? [...run.reasons]
      : ['Every component initialized in time and the SIP port opened'],
    displayStatus: reported,
  };
}

function notVerified(
  cause: TVerdictCause,
  reason: string,
  displayStatus: THostStatus,
  reasons: string[],
): TDecided {
  return { verdict: 'not-verified', cause, reason, reasons, displayStatus };
}

function findUnknown(
  facts: THostVerdictFacts,
  staleAt: Date | undefined,
): Pick<TDecided, 'cause' | 'reason' | 'reasons'> | undefined {
  const news = lastNewsAt(facts);
  if (!facts.agent || !news) {
    return {
      cause: 'never-reported',
      reason: 'no agent has reported',
      reasons: ['No agent has reported for this host'],
    };
  }
  const since = `no data since ${formatSince(news, facts.now)}`;
  if (!facts.agent.connected) {
    return {
      cause: 'agent-disconnected',
      reason: `agent offline, ${since}`,
      reasons: [`The agent is not connected: ${since}`],
    };
  }
  if (staleAt && staleAt <= facts.now) {
    return {
      cause: 'no-data',
      reason: since,
      reasons: [`The agent is connected but has sent nothing for longer than its check interval: ${since}`],
    };
  }
  return undefined;
}

/** The status the SIP Server reported with its last check (RUNNING / SERVICE_UNAVAILABLE). */
function reportedStatus(facts: THostVerdictFacts): THostStatus {
  if (facts.checking?.atStart) return 'INITIALIZING';
  return facts.latestRun?.status ?? 'UNKNOWN';
}

/**
 * How far a run may seem to precede the switchover it followed: the dashboard dates a switchover when
 * the agent's hello arrives, while the agent's role-change check starts when it saw the change.
 */
export const SWITCHOVER_SKEW_MS = 10_000;

/** A SIP Server start or a switchover to backup that the latest run does not follow, if any. */
function findMissedStart(facts: THostVerdictFacts, run: TVerdictRun): { what: string; at: Date } | undefined {
  // Both times come from the agent's clock: the run must have started after the server did.
  if (facts.serverStartedAt && run.startedAt < facts.serverStartedAt)
    return { what: 'its last start', at: facts.serverStartedAt };
  // The role-change check that ended after (about) the switchover followed it; any other run must have
  // started after it (a backup run from before a primary spell says nothing about now).
  const became = facts.becameBackupAt;
  if (became) {
    const followed =
      run.trigger === 'role-change'
        ? run.finishedAt.getTime() >= became.getTime() - SWITCHOVER_SKEW_MS
        : run.startedAt >= became;
    if (!followed) return { what: 'becoming backup', at: became };
  }
  return undefined;
}

/** "Interaction Proxy not ready within 15 s", "SIP port in use", ... */
function shortFailureReason(run: TVerdictRun): string {
  const late = run.failedComponents.filter((c) => c.state !== 'ready');
  const parts: string[] = [];
  if (late.length === 1) {
    const [component] = late;
    parts.push(
      `${COMPONENT_LABELS[component!.name]} ${component!.state === 'failed' ? 'failed' : 'not ready in time'}`,
    );
  } else if (late.length > 1) {
    parts.push(`${late.length} components not ready in time`);
  }
  if (run.portState === 'failed') parts.push('SIP port could not be opened');
  return parts.join('; ') || (run.reasons[0] ?? 'last check failed');
}

function evaluateFindings(facts: THostVerdictFacts, decided: TDecided): TFinding[] {
  const findings: TFinding[] = [];
  if (
    decided.cause === 'agent-disconnected' ||
    decided.cause === 'no-data' ||
    decided.cause === 'never-reported'
  ) {
    findings.push({
      code: decided.cause === 'no-data' ? 'no-recent-data' : 'agent-not-connected',
      severity: 'warning',
      message: `${decided.reasons[0]}: whether this host would serve if promoted is unknown`,
      rule: 'unknown-after-missed-checks',
    });
  }
  if (facts.mode === 'unknown') return findings;
  // The last check speaks for the host only while no start or switchover has come after it.
  const run = decided.cause === 'no-check-since-start' ? undefined : facts.latestRun;
  findings.push(
    ...evaluateHostFindings({
      mode: facts.mode,
      version: facts.version,
      sameHost: facts.sameHost,
      configuredOptions: facts.configuredOptions,
      observedStartupMs: facts.observedStartupMs,
      ...(run ? { lastCheck: { status: run.status, since: facts.statusSince ?? run.finishedAt } } : {}),
      ...(facts.pendingRestartSince ? { pendingRestartSince: facts.pendingRestartSince } : {}),
      ...(facts.agentClockSkewMs !== undefined ? { agentClockSkewMs: facts.agentClockSkewMs } : {}),
      ...(facts.baselineOptions ? { baselineOptions: facts.baselineOptions } : {}),
      now: facts.now,
    }),
  );
  if (facts.pairPeer) {
    const drift = findPairOptionDrift(
      resolveEffectiveOptions(facts.effectiveOptions).effective,
      resolveEffectiveOptions(facts.pairPeer.effectiveOptions).effective,
    );
    findings.push(...buildPairDriftFindings(drift, { a: facts.hostname, b: facts.pairPeer.hostname }));
  }
  const rank = { critical: 0, warning: 1, info: 2 } as const;
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

function lastNewsAt(facts: THostVerdictFacts): Date | undefined {
  return latest([facts.agent?.lastSeenAt, facts.latestRun?.finishedAt]);
}

function pendingStaleAt(since: Date, now: Date): Date | undefined {
  const at = new Date(since.getTime() + PENDING_RESTART_STALE_MS + 1);
  return at > now ? at : undefined;
}

function latest(dates: readonly (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (b && (!a || b > a) ? b : a), undefined);
}

function earliest(dates: readonly (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>((a, b) => (b && (!a || b < a) ? b : a), undefined);
}

/** Components a run's rows say were not ready in time, in the domain's order. */
export function listFailedComponents(
  components: readonly { name: string; state: string }[],
): { name: TComponentName; state: string }[] {
  return COMPONENT_NAMES.flatMap((name) => {
    const row = components.find((c) => c.name === name);
    return row && row.state !== 'ready' && row.state !== 'skipped' ? [{ name, state: row.state }] : [];
  });
}
