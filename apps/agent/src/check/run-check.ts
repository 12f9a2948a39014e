import { randomUUID } from 'node:crypto';
import {
  COMPONENT_NAMES,
  decideCheckOutcome,
  describePortCheckSkip,
  evaluateHostFindings,
  formatEffectiveOptions,
  getSkippedPortCheckState,
  planCheck,
  resolveEffectiveOptions,
} from '@standby/domain';
import type {
  TAgentConfig,
  TCheckResult,
  TCheckStarted,
  TComponentProgress,
  TPortCheck,
} from '@standby/protocol';
import { readTServerOptions } from '../options-file/read-options-file';
import { checkSipPort } from './port-check';
import { waitForComponents } from './wait-for-components';

export type TCheckTrigger = TCheckResult['trigger'];

export interface RunCheckOptions {
  config: TAgentConfig;
  trigger: TCheckTrigger;
  /**
   * Whether the SIP Server is starting now (only what happens from now on counts) or already running
   * (what it already wrote counts). Default: starting for `start` and `manual`, running otherwise.
   */
  atSipServerStart?: boolean;
  onStarted?: (event: TCheckStarted) => void;
  onProgress?: (event: TComponentProgress) => void;
  /** Observed startup durations of earlier runs (ms), for the timeout suggestion. */
  observedStartupMs?: number[];
}

/**
 * Runs the backup initialization check once, as at a start of the SIP Server: reads the options
 * file, plans with the domain rules, waits for the four components, tries the SIP port, decides.
 */
export async function runBackupInitCheck(options: RunCheckOptions): Promise<TCheckResult> {
  const { config } = options;
  const sip = config.sipServer;
  const configured = await readTServerOptions(sip.optionsFile);
  const { effective } = resolveEffectiveOptions(configured);
  const planInput = { mode: sip.mode, version: sip.version, options: effective, sameHost: sip.sameHost };
  const plan = planCheck(planInput);

  const runId = randomUUID();
  const startedAtMs = Date.now();
  const startedAt = new Date(startedAtMs).toISOString();
  options.onStarted?.({ runId, startedAt, timeoutSec: plan.timeoutSec });

  const components = plan.runComponents
    ? await waitForComponents(
        sip.components,
        plan.timeoutSec * 1000,
        startedAtMs,
        (p) => options.onProgress?.({ runId, ...p }),
        {
          atSipServerStart:
            options.atSipServerStart ?? (options.trigger === 'start' || options.trigger === 'manual'),
        },
      )
    : COMPONENT_NAMES.map((name) => ({ name, state: 'skipped' as const, readyAfterMs: null, detail: null }));

  const port = effective['sip-port'];
  const address = effective['sip-address'];
  let portCheck: TPortCheck;
  if (plan.portCheck.run) {
    const outcome = await checkSipPort(port, address, config.sipServer.transports);
    portCheck = {
      state: outcome.ok ? 'passed' : 'failed',
      reason: outcome.reason,
      port,
      address: address || null,
    };
  } else {
    const skipReason = plan.portCheck.skipReason ?? 'not-applicable';
    portCheck = {
      state: getSkippedPortCheckState(skipReason),
      reason: describePortCheckSkip(skipReason),
      port,
      address: address || null,
    };
  }

  const outcome = decideCheckOutcome({
    ...planInput,
    // The domain takes absent values as undefined; the wire format uses null.
    components: components.map(({ name, state, readyAfterMs, detail }) => ({
      name,
      state,
      ...(readyAfterMs === null ? {} : { readyAfterMs }),
      ...(detail === null ? {} : { detail }),
    })),
    portCheck: { state: portCheck.state, ...(portCheck.reason ? { reason: portCheck.reason } : {}) },
  });
  const finishedAtMs = Date.now();
  const findings = evaluateHostFindings({
    mode: sip.mode,
    version: sip.version,
    sameHost: sip.sameHost,
    configuredOptions: configured,
    observedStartupMs: options.observedStartupMs ?? [],
    now: new Date(finishedAtMs),
  });

  return {
    runId,
    status: outcome.status,
    applicable: outcome.applicable,
    mode: sip.mode,
    checkEnabled: outcome.checkEnabled,
    timeoutSec: plan.timeoutSec,
    trigger: options.trigger,
    startedAt,
    finishedAt: new Date(finishedAtMs).toISOString(),
    durationMs: finishedAtMs - startedAtMs,
    components,
    portCheck,
    findings: findings.map(({ code, severity, message, option }) => ({
      code,
      severity,
      message,
      ...(option ? { option } : {}),
    })),
    options: formatEffectiveOptions(effective),
    reasons: [...outcome.reasons, ...outcome.notes],
  };
}
