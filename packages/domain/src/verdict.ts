import { describeNotApplicable, describePortCheckSkip, planCheck, type TCheckPlanInput } from './check-plan';
import { COMPONENT_LABELS, COMPONENT_NAMES, type TComponentResult } from './components';
import type { TEffectiveOptions } from './option-catalog';
import type { TCheckStatus, TPortCheckResult } from './status';
import { supportsBackupInitCheck } from './version';

export interface TCheckOutcomeInput extends TCheckPlanInput {
  /** Absent when the check did not run. */
  components?: readonly TComponentResult[];
  portCheck?: TPortCheckResult;
}

export interface TCheckOutcome {
  status: TCheckStatus;
  applicable: boolean;
  /** backup-init-check is true on a version that has the check (also reported in Primary mode). */
  checkEnabled: boolean;
  /** Why the status is SERVICE_UNAVAILABLE, one sentence per component or port cause; empty when RUNNING. */
  reasons: string[];
  /** Why less was verified than one might expect (not applicable, check off, port check skipped). */
  notes: string[];
}

/**
 * The status a backup reports to LCA/SCS after its check (docs/RULES.md, the rules from the SIP Server documentation). Only a component
 * ready within the timeout and, when due, a passed port check count: anything unverified is a failure.
 */
export function decideCheckOutcome(input: TCheckOutcomeInput): TCheckOutcome {
  const plan = planCheck(input);
  const checkEnabled = input.options['backup-init-check'] && supportsBackupInitCheck(input.version);
  const reasons: string[] = [];
  const notes: string[] = [];

  if (plan.notApplicableReason !== undefined) {
    notes.push(describeNotApplicable(plan.notApplicableReason, input.version));
  } else if (!plan.runComponents) {
    notes.push('backup-init-check is false: no component and no SIP port was verified');
  } else {
    reasons.push(...findComponentFailures(input.components, plan.timeoutSec));
    if (plan.portCheck.run) {
      const portFailure = findPortFailure(input.portCheck, input.options);
      if (portFailure !== undefined) reasons.push(portFailure);
    } else if (plan.portCheck.skipReason !== undefined) {
      notes.push(describePortCheckSkip(plan.portCheck.skipReason));
    }
  }

  return {
    status: reasons.length > 0 ? 'SERVICE_UNAVAILABLE' : 'RUNNING',
    applicable: plan.applicable,
    checkEnabled,
    reasons,
    notes,
  };
}

function findComponentFailures(
  results: readonly TComponentResult[] | undefined,
  timeoutSec: number,
): string[] {
  const byName = new Map<string, TComponentResult>();
  for (const result of results ?? []) if (!byName.has(result.name)) byName.set(result.name, result);

  const failures: string[] = [];
  for (const name of COMPONENT_NAMES) {
    const label = COMPONENT_LABELS[name];
    const result = byName.get(name);
    const detail = result?.detail ? `: ${result.detail}` : '';
    if (result === undefined) {
      failures.push(`${label} reported no result, so its initialization was not verified`);
    } else if (result.state === 'timeout') {
      failures.push(`${label} did not complete initialization within ${timeoutSec} s${detail}`);
    } else if (result.state === 'failed') {
      failures.push(`${label} failed to initialize${detail}`);
    } else if (result.state === 'skipped') {
      failures.push(`${label} was skipped, so its initialization was not verified${detail}`);
    } else if (result.readyAfterMs !== undefined && result.readyAfterMs > timeoutSec * 1000) {
      failures.push(
        `${label} became ready after ${formatSeconds(result.readyAfterMs)} s, later than the ${timeoutSec} s timeout`,
      );
    }
  }
  return failures;
}

function findPortFailure(
  result: TPortCheckResult | undefined,
  options: TEffectiveOptions,
): string | undefined {
  const address = options['sip-address'] === '' ? 'all addresses' : options['sip-address'];
  const port = `SIP port ${options['sip-port']} (${address})`;
  const why = result?.reason ? `: ${result.reason}` : '';
  switch (result?.state) {
    case 'passed':
      return undefined;
    case 'failed':
      return `${port} could not be opened${why || ': reason unknown'}`;
    case 'skipped':
      return `${port} was not verified: the port check was due but skipped${why}`;
    case 'not-run':
    case undefined:
      return `${port} was not verified: the port check was due but did not run${why}`;
  }
}

function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
