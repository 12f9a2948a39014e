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
  type TSipServerMode,
} from '@standby/domain';
import type {
  TAgentConfig,
  TCheckResult,
  TCheckStarted,
  TComponentProgress,
  TPortCheck,
} from '@standby/protocol';
import { ConfigError } from '../errors';
import { createModeReader } from '../observe/mode-reader';
import { createVersionReader } from '../observe/version-reader';
import { readTServerOptions } from '../options-file/read-options-file';
import { checkSipPort } from './port-check';
import { type LateReadinessWatch, waitForComponents } from './wait-for-components';

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
  /** The role and version as observed now; read once from their sources when absent (the `check` command). */
  observed?: { mode: TSipServerMode; version: string };
  /**
   * The [TServer] values the running SIP Server started with (captured at its start). Absent: the
   * options file now, as for a check at a start (the `check` command).
   */
  effectiveOptions?: Record<string, string>;
  /** When the SIP Server instance started, when known. */
  serverStartedAt?: string | null;
  /** At a start seen by its listener: where the logs stood before it (see LogMarks). */
  logStartOffsets?: Readonly<Record<string, number>>;
  /** Timed-out components watched past the deadline (see lateWatchLimitMs); the result does not wait. */
  late?: (runId: string) => LateReadinessWatch;
}

/**
 * Runs the backup initialization check once, as at a start of the SIP Server: reads the options
 * file, plans with the domain rules, waits for the four components, tries the SIP port, decides.
 */
export async function runBackupInitCheck(options: RunCheckOptions): Promise<TCheckResult> {
  const { config } = options;
  const sip = config.sipServer;
  // Before the read: a change written after it carries a later time (see configuredOptionsReadAt).
  const configuredOptionsReadAt = new Date().toISOString();
  const configured = await readTServerOptions(sip.optionsFile);
  const { effective } = resolveEffectiveOptions(options.effectiveOptions ?? configured);
  const { mode, version } = options.observed ?? (await observeOnce(config));
  const planInput = { mode, version, options: effective, sameHost: sip.sameHost };
  const plan = planCheck(planInput);
  const atSipServerStart =
    options.atSipServerStart ?? (options.trigger === 'start' || options.trigger === 'manual');

  const runId = randomUUID();
  const startedAtMs = Date.now();
  const startedAt = new Date(startedAtMs).toISOString();
  options.onStarted?.({
    runId,
    startedAt,
    timeoutSec: plan.timeoutSec,
    trigger: options.trigger,
    atStart: atSipServerStart,
  });

  const components = plan.runComponents
    ? await waitForComponents(
        sip.components,
        plan.timeoutSec * 1000,
        startedAtMs,
        (p) => options.onProgress?.({ runId, ...p }),
        {
          atSipServerStart,
          ...(options.logStartOffsets ? { logStartOffsets: options.logStartOffsets } : {}),
        },
        options.late?.(runId),
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
    mode,
    version,
    sameHost: sip.sameHost,
    configuredOptions: configured,
    observedStartupMs: options.observedStartupMs ?? [],
    now: new Date(finishedAtMs),
  });

  return {
    runId,
    status: outcome.status,
    applicable: outcome.applicable,
    mode,
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
    configuredOptions: configured,
    configuredOptionsReadAt,
    version,
    serverStartedAt: options.serverStartedAt ?? null,
    reasons: [...outcome.reasons, ...outcome.notes],
  };
}

/** The `check` command has no observation loop: it reads the role and version once. */
async function observeOnce(config: TAgentConfig): Promise<{ mode: TSipServerMode; version: string }> {
  const mode = await createModeReader(config.sipServer.mode)();
  if (mode === 'unknown')
    throw new ConfigError('sipServer.mode: the role cannot be read from its source (backup or primary)');
  return { mode, version: await createVersionReader(config.sipServer.version)() };
}
