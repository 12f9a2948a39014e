import os from 'node:os';
import { formatEffectiveOptions, resolveEffectiveOptions } from '@standby/domain';
import type { TAgentConfig, TAgentHello, TCheckResult } from '@standby/protocol';
import { runBackupInitCheck, type TCheckTrigger } from './check/run-check';
import { ConfigError } from './errors';
import { DashboardLink } from './link/dashboard-link';
import { readTServerOptions } from './options-file/read-options-file';
import { watchSipServerStarts } from './start-detection/start-watcher';
import { createLocalStatusReporter } from './status/local-status';

export const AGENT_VERSION = '0.1.0';

export interface AgentInstance {
  /** Runs the check now; concurrent calls share the run in progress. */
  runCheck(trigger: TCheckTrigger, atSipServerStart?: boolean): Promise<TCheckResult>;
  readonly lastResult: TCheckResult | undefined;
  readonly link: DashboardLink | undefined;
  stop(): Promise<void>;
}

export interface StartAgentOptions {
  config: TAgentConfig;
  log?: (line: string) => void;
  /** Run the check once right away, as at a start of the SIP Server (default true). */
  checkAtStart?: boolean;
}

/** The daemon's core: one SIP Server host, its checks, and its link to the dashboard. */
export function startAgent(options: StartAgentOptions): AgentInstance {
  const { config } = options;
  const application = config.sipServer.application;
  const log = options.log ?? ((line: string) => console.log(`[agent ${application}] ${line}`));
  const hostname = config.sipServer.hostname ?? os.hostname();
  let lastResult: TCheckResult | undefined;
  let inFlight: Promise<TCheckResult> | undefined;
  const startupDurations: number[] = [];

  const describeHost = async (): Promise<TAgentHello> => {
    const configured = await readTServerOptions(config.sipServer.optionsFile).catch(() => ({}));
    // Until a check has run, the effective values are those the file gives.
    const effective =
      lastResult?.options ?? formatEffectiveOptions(resolveEffectiveOptions(configured).effective);
    return {
      hostKey: `${hostname}/${application}`,
      hostname,
      application,
      pair: config.sipServer.pair ?? null,
      version: config.sipServer.version,
      mode: config.sipServer.mode,
      sameHost: config.sipServer.sameHost,
      configuredOptions: configured,
      effectiveOptions: effective,
      agentVersion: AGENT_VERSION,
    };
  };

  const statusConfig = config.agent.status;
  const localStatus = statusConfig
    ? createLocalStatusReporter({
        ...(statusConfig.httpPort !== undefined ? { httpPort: statusConfig.httpPort } : {}),
        httpHost: statusConfig.httpHost,
        ...(statusConfig.file ? { statusFile: statusConfig.file } : {}),
        ...(statusConfig.onChange ? { onChangeCommand: statusConfig.onChange } : {}),
        log,
      })
    : undefined;
  const localStatusStarted = localStatus?.start().then(
    ({ port }) =>
      port !== undefined && log(`local status on http://${statusConfig?.httpHost}:${port}/status`),
    (error: Error) => log(`local status unavailable: ${error.message}`),
  );

  // Declared before use by the link: a "run the check now" command calls it.
  let runCheck: (trigger: TCheckTrigger, atSipServerStart?: boolean) => Promise<TCheckResult>;
  const dashboard = config.dashboard;
  // `check` needs no dashboard; the daemon cannot connect without a credential.
  if (dashboard && !dashboard.tokenFile)
    throw new ConfigError(
      'dashboard.tokenFile: required to connect to the dashboard (put the enrollment token in it)',
    );
  const link = dashboard?.tokenFile
    ? new DashboardLink({
        url: dashboard.url,
        tokenFile: dashboard.tokenFile,
        stateDir: dashboard.stateDir,
        host: { hostKey: `${hostname}/${application}`, hostname, application },
        describeHost,
        optionsFile: config.sipServer.optionsFile,
        runCheck: () => runCheck('command'),
        log,
      })
    : undefined;

  runCheck = (trigger: TCheckTrigger, atSipServerStart?: boolean): Promise<TCheckResult> => {
    inFlight ??= (async () => {
      try {
        const result = await runBackupInitCheck({
          config,
          trigger,
          ...(atSipServerStart === undefined ? {} : { atSipServerStart }),
          observedStartupMs: startupDurations,
          onStarted: (event) => {
            link?.checkStarted(event);
            void localStatus?.update({
              status: 'INITIALIZING',
              runId: event.runId,
              at: event.startedAt,
              reasons: [],
            });
          },
        });
        lastResult = result;
        await localStatus
          ?.update({
            status: result.status,
            runId: result.runId,
            at: result.finishedAt,
            reasons: result.reasons,
          })
          .catch((error: Error) => log(`local status not written: ${error.message}`));
        const slowest = Math.max(...result.components.map((c) => c.readyAfterMs ?? -1));
        if (slowest >= 0) startupDurations.push(slowest);
        if (startupDurations.length > 50) startupDurations.shift();
        log(`check ${result.runId}: ${result.status}`);
        await link?.sendResult(result).catch((error: Error) => log(`result not spooled: ${error.message}`));
        return result;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const interval = config.agent.intervalSec
    ? setInterval(
        () => void runCheck('interval').catch((e: Error) => log(`check failed: ${e.message}`)),
        config.agent.intervalSec * 1000,
      )
    : undefined;
  // Each new start of the SIP Server gets its check, as SIP Server itself does at startup.
  const watcher = config.sipServer.watch
    ? watchSipServerStarts(config.sipServer.watch, (instance) => {
        log(`SIP Server started (${instance})`);
        void runCheck('start').catch((e: Error) => log(`check failed: ${e.message}`));
      })
    : undefined;
  // The agent's own start is not a SIP Server start (it must not end "pending restart"). With a
  // watcher the agent knows whether the server was already up; without one it assumes it is
  // starting alongside (host boot) and waits for what the components write from now on.
  if (options.checkAtStart ?? true)
    void (async () => {
      const runningAtStart = watcher ? (await watcher.ready).runningAtStart : false;
      await runCheck('agent-start', !runningAtStart);
    })().catch((e: Error) => log(`check failed: ${e.message}`));

  return {
    runCheck,
    get lastResult() {
      return lastResult;
    },
    link,
    async stop() {
      // A check in progress is abandoned, not awaited: it may have up to an hour of timeout left.
      clearInterval(interval);
      watcher?.stop();
      link?.close();
      await localStatusStarted;
      await localStatus?.close();
    },
  };
}
