import os from 'node:os';
import { formatEffectiveOptions, resolveEffectiveOptions } from '@standby/domain';
import type { TAgentConfig, TAgentHello, TCheckResult } from '@standby/protocol';
import { lineLogger, processLogger } from '@standby/telemetry';
import { AGENT_VERSION } from './agent-version';
import { ServerCaptureKeeper } from './capture/capture-keeper';
import { runBackupInitCheck, type TCheckTrigger } from './check/run-check';
import { StartupRecord } from './check/startup-record';
import { ConfigError } from './errors';
import { DashboardLink } from './link/dashboard-link';
import { loadDashboardTls } from './link/dashboard-tls';
import { AgentMetrics } from './metrics/agent-metrics';
import { type AgentMetricsServer, startAgentMetricsServer } from './metrics/metrics-server';
import { observeHost, type THostChanges, type TObservedHost } from './observe/host-observer';
import { readTServerOptions } from './options-file/read-options-file';
import { defaultStartWatch } from './start-detection/default-start-watch';
import { LogMarks } from './start-detection/log-marks';
import { watchSipServerStarts } from './start-detection/start-watcher';
import { showsInitializing } from './status/initializing-policy';
import { createLocalStatusReporter, type TLocalStatus } from './status/local-status';

/** Thrown instead of checking while the role cannot be read: a check needs to know it. */
export class ModeUnknownError extends Error {
  constructor() {
    super('the SIP Server role cannot be read from its source: no check until it can');
  }
}

export interface AgentInstance {
  /** Runs the check now; concurrent calls share the run in progress when it answers the same question. */
  runCheck(trigger: TCheckTrigger, atSipServerStart?: boolean): Promise<TCheckResult>;
  readonly lastResult: TCheckResult | undefined;
  readonly link: DashboardLink | undefined;
  /** Where /metrics is served once listening (undefined: agent.metrics not configured, or it failed). */
  readonly metricsUrl: Promise<string | undefined>;
  stop(): Promise<void>;
}

export interface StartAgentOptions {
  config: TAgentConfig;
  log?: (line: string) => void;
  /** Run the check once right away, as at a start of the SIP Server (default true). */
  checkAtStart?: boolean;
  /** Process metrics on /metrics (default true; the simulator keeps them to one agent per process). */
  processMetrics?: boolean;
}

/** A start check asked for this long before the start is detected covers that start. */
const START_ATTRIBUTION_MS = 10_000;

interface InFlightCheck {
  promise: Promise<TCheckResult>;
  atStart: boolean;
  mode: string;
  /** Taken just before the check began: a start this check looked at is dated no later than this. */
  requestedAt: number;
}

/** The daemon's core: one SIP Server host, its checks, and its link to the dashboard. */
export function startAgent(options: StartAgentOptions): AgentInstance {
  const { config } = options;
  const application = config.sipServer.application;
  const log = options.log ?? lineLogger(processLogger().child({ application }));
  const hostname = config.sipServer.hostname ?? os.hostname();
  const hostKey = `${hostname}/${application}`;
  // Read before anything starts: an unusable CA or client certificate stops the agent with its key named.
  const dashboardTls = config.dashboard ? loadDashboardTls(config.dashboard) : undefined;
  let lastResult: TCheckResult | undefined;
  let inFlight: InFlightCheck | undefined;
  let stopped = false;
  const startup = new StartupRecord();
  const captured = new ServerCaptureKeeper(config.dashboard?.stateDir, log);
  // Late components of earlier runs are watched until a new start: then they belong to a server
  // that is gone. (A re-check does not stop them: a long timeout's bound outlasts the interval.)
  let lateWatch = new AbortController();

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
  const publish = (patch: Partial<TLocalStatus>): Promise<void> =>
    localStatus
      ? localStatus
          .update({ ...localStatus.current, ...patch })
          .catch((error: Error) => log(`local status not written: ${error.message}`))
      : Promise.resolve();

  // Declared before use: the observer and the link call them.
  let runCheck: (trigger: TCheckTrigger, atSipServerStart?: boolean) => Promise<TCheckResult>;
  let link: DashboardLink | undefined;
  let lastKnownMode: 'backup' | 'primary' | undefined;
  let modeUnknownLogged = false;
  let agentStartCheckDue = options.checkAtStart ?? true;
  let runningAtStart = false;

  const runQuietly = (
    trigger: TCheckTrigger,
    atSipServerStart?: boolean,
    logStartOffsets?: Readonly<Record<string, number>>,
  ): void => {
    void requestCheck(trigger, atSipServerStart, logStartOffsets).catch((error: Error) => {
      if (!(error instanceof ModeUnknownError)) log(`check failed: ${error.message}`);
    });
  };

  const onObserved = (now: TObservedHost, previous: TObservedHost, changes: THostChanges): void => {
    if (changes.mode) log(`SIP Server role: ${previous.mode} → ${now.mode}`);
    if (changes.version)
      log(`SIP Server version: ${previous.version || '(unreadable)'} → ${now.version || '(unreadable)'}`);
    if (changes.options) log('options file [TServer] changed');
    if (changes.mode || changes.version) void publish({ mode: now.mode, version: now.version });
    void link?.refreshHello().catch((error: Error) => log(`hello not re-sent: ${error.message}`));
    if (changes.mode) onModeSeen(now.mode);
  };

  const onModeSeen = (mode: TObservedHost['mode']): void => {
    if (mode === 'unknown') {
      if (!modeUnknownLogged) log('SIP Server role unreadable: no check runs until it can be read');
      modeUnknownLogged = true;
      return;
    }
    modeUnknownLogged = false;
    const before = lastKnownMode;
    lastKnownMode = mode;
    // The role was unreadable when the agent started: the check due then runs now.
    if (agentStartCheckDue) {
      agentStartCheckDue = false;
      runQuietly('agent-start', !runningAtStart);
      return;
    }
    // A switchover (also back to primary, where the check is instant and says "not applicable").
    if (before !== undefined && before !== mode) runQuietly('role-change');
  };

  const observer = observeHost(config.sipServer, onObserved);

  const describeHost = async (): Promise<TAgentHello> => {
    await Promise.all([observer.ready, capturedReady]);
    const observed = observer.current;
    const fallbackReadAt = new Date().toISOString();
    const configured =
      observed.configuredOptions ??
      (await readTServerOptions(config.sipServer.optionsFile).catch(() => ({})));
    const configuredOptionsReadAt = observed.configuredOptions
      ? observed.configuredOptionsReadAt
      : fallbackReadAt;
    const capture = captured.current;
    return {
      hostKey,
      hostname,
      application,
      pair: config.sipServer.pair ?? null,
      version: observed.version,
      mode: observed.mode,
      sameHost: config.sipServer.sameHost,
      configuredOptions: configured,
      ...(configuredOptionsReadAt ? { configuredOptionsReadAt } : {}),
      effectiveOptions: formatEffectiveOptions(
        resolveEffectiveOptions(capture?.options ?? configured).effective,
      ),
      agentVersion: AGENT_VERSION,
      serverStartedAt: capture?.startedAt ?? null,
      intervalSec: config.agent.intervalSec,
    };
  };

  // Prometheus metrics only when configured (agent.metrics); the link is read at each scrape.
  const metricsConfig = config.agent.metrics;
  const metrics = metricsConfig
    ? new AgentMetrics({
        application,
        agentVersion: AGENT_VERSION,
        link: () => link,
        ...(options.processMetrics !== undefined ? { processMetrics: options.processMetrics } : {}),
      })
    : undefined;
  // A port already taken must not stop the checks: said once, the agent runs on without metrics.
  const metricsServer: Promise<AgentMetricsServer | undefined> =
    metrics && metricsConfig
      ? startAgentMetricsServer({ registry: metrics.registry, ...metricsConfig, log }).then(
          (server) => {
            log(`metrics on ${metricsUrlOf(metricsConfig.host, server.port)}`);
            return server;
          },
          (error: Error) => {
            log(`metrics unavailable on ${metricsConfig.host}:${metricsConfig.port}: ${error.message}`);
            return undefined;
          },
        )
      : Promise.resolve(undefined);

  const dashboard = config.dashboard;
  // `check` needs no dashboard; the daemon cannot connect without a credential.
  if (dashboard && !dashboard.tokenFile)
    throw new ConfigError(
      'dashboard.tokenFile: required to connect to the dashboard (put the enrollment token in it)',
    );
  link = dashboard?.tokenFile
    ? new DashboardLink({
        url: dashboard.url,
        tls: dashboardTls,
        tokenFile: dashboard.tokenFile,
        stateDir: dashboard.stateDir,
        host: { hostKey, hostname, application },
        describeHost,
        optionsFile: config.sipServer.optionsFile,
        runCheck: () => runCheck('command'),
        optionsWritten: () => observer.refresh({ options: 'quiet' }),
        onStatus: (delivery) => void publish({ delivery }),
        onCommandAnswered: (ack) => metrics?.commandAnswered(ack),
        log,
      })
    : undefined;

  const check = async (
    trigger: TCheckTrigger,
    atStart: boolean,
    logStartOffsets: Readonly<Record<string, number>> | undefined,
  ): Promise<TCheckResult> => {
    const observed = observer.current;
    if (observed.mode === 'unknown') throw new ModeUnknownError();
    // A start: the server reads its options file now; every later check uses what it read.
    if (trigger === 'start') {
      lastStartCheckAt = Date.now();
      const options = await readTServerOptions(config.sipServer.optionsFile);
      captured.started(currentInstance, options, new Date());
      // The dashboard records the restart and the options it started with from the hello.
      void link?.refreshHello().catch((error: Error) => log(`hello not re-sent: ${error.message}`));
    }
    if (atStart) {
      lateWatch.abort();
      lateWatch = new AbortController();
    }
    const late = lateWatch;
    const initializing = showsInitializing(trigger, atStart, lastResult?.mode);
    const capture = captured.current;
    const result = await runBackupInitCheck({
      config,
      trigger,
      atSipServerStart: atStart,
      observedStartupMs: startup.durationsMs,
      ...(logStartOffsets ? { logStartOffsets } : {}),
      observed: { mode: observed.mode, version: observed.version },
      ...(capture ? { effectiveOptions: capture.options, serverStartedAt: capture.startedAt } : {}),
      onStarted: (event) => {
        link?.checkStarted(event);
        if (initializing)
          void publish({ status: 'INITIALIZING', runId: event.runId, at: event.startedAt, reasons: [] });
      },
      onProgress: (progress) => link?.checkProgress(progress),
      late: (runId) => ({
        signal: late.signal,
        onReady: (name, readyAfterMs) => {
          log(`check ${runId}: ${name} became ready late, after ${readyAfterMs} ms`);
          startup.lateReady(runId, name, readyAfterMs);
          link?.checkLate({ runId, components: [{ name, readyAfterMs }] });
        },
      }),
    });
    lastResult = result;
    metrics?.checkFinished(result);
    startup.finished(result);
    // Spooled first: a stop right after the check waits for this write (link.close), not for the status.
    const spooled = link
      ?.sendResult(result)
      .catch((error: Error) => log(`result not spooled: ${error.message}`));
    await publish({
      status: result.status,
      runId: result.runId,
      at: result.finishedAt,
      reasons: result.reasons,
      mode: observer.current.mode,
      version: observer.current.version,
    });
    log(`check ${result.runId} (${trigger}): ${result.status}`);
    await spooled;
    return result;
  };

  runCheck = (trigger, atSipServerStart) => requestCheck(trigger, atSipServerStart, undefined);
  const requestCheck = async (
    trigger: TCheckTrigger,
    atSipServerStart: boolean | undefined,
    logStartOffsets: Readonly<Record<string, number>> | undefined,
  ): Promise<TCheckResult> => {
    const atStart = atSipServerStart ?? (trigger === 'start' || trigger === 'manual');
    await observer.ready;
    await capturedReady;
    const running = inFlight;
    if (running) {
      // A check in progress answers the same question when it looks at a start (or this is a
      // re-check too) in the same role; otherwise this one runs right after it.
      if ((running.atStart || !atStart) && running.mode === observer.current.mode) return running.promise;
      return running.promise
        .catch(() => undefined)
        .then(() => requestCheck(trigger, atSipServerStart, logStartOffsets));
    }
    const requestedAt = Date.now();
    const promise = check(trigger, atStart, logStartOffsets)
      .catch((error: unknown) => {
        if (!(error instanceof ModeUnknownError)) metrics?.checkFailed();
        throw error;
      })
      .finally(() => {
        if (inFlight?.promise === promise) inFlight = undefined;
      });
    inFlight = { promise, atStart, mode: observer.current.mode, requestedAt };
    return promise;
  };

  // Each new start of the SIP Server gets its check, as SIP Server itself does at startup; without
  // `watch`, a start is a new socket listening on the first TCP probe's port (see default-start-watch).
  let currentInstance: string | undefined;
  let lastStartCheckAt = 0;
  let lastDetectedAt = 0;
  const logMarks = LogMarks.forProbes(Object.values(config.sipServer.components));
  const startWatch = defaultStartWatch(config.sipServer);
  const watcher = startWatch
    ? watchSipServerStarts(
        startWatch,
        (instance) => {
          const now = Date.now();
          currentInstance = instance;
          log(`SIP Server started (${instance})`);
          // Detection lags the start (the listener opens after the server starts): a start check
          // asked for since the previous detection, moments ago (by whoever restarted it), already
          // looked at this start and captured its options.
          const askedFor = lastStartCheckAt > lastDetectedAt && now - lastStartCheckAt < START_ATTRIBUTION_MS;
          lastDetectedAt = now;
          // The start is dated no later than the check that looked at it, or that check would seem to
          // predate it (the dashboard would say "no check since its last start").
          const lookedAt = askedFor ? lastStartCheckAt : inFlight?.atStart ? inFlight.requestedAt : undefined;
          if (lookedAt !== undefined) {
            captured.identify(instance, new Date(lookedAt));
            if (!askedFor)
              void link?.refreshHello().catch((error: Error) => log(`hello not re-sent: ${error.message}`));
          }
          if (askedFor) {
            void link?.refreshHello().catch((error: Error) => log(`hello not re-sent: ${error.message}`));
            return;
          }
          // From where the logs stood before the listener appeared: lines since then are this start's.
          runQuietly('start', true, logMarks.beforeDetection());
        },
        undefined,
        () => logMarks.mark(),
      )
    : undefined;

  const capturedReady = (async () => {
    const first = await observer.ready;
    const ready = watcher ? await watcher.ready : { runningAtStart: false };
    runningAtStart = ready.runningAtStart;
    currentInstance = ready.instance;
    await captured.restore(ready.instance, first.configuredOptions ?? {});
    await publish({ mode: first.mode, version: first.version });
  })();

  const interval = config.agent.intervalSec
    ? setInterval(() => runQuietly('interval'), config.agent.intervalSec * 1000)
    : undefined;

  // The agent's own start is not a SIP Server start (it must not end "pending restart"). With a
  // watcher the agent knows whether the server was already up; without one it assumes it is
  // starting alongside (host boot) and waits for what the components write from now on.
  void capturedReady.then(() => {
    if (stopped) return;
    const mode = observer.current.mode;
    if (mode === 'unknown') return onModeSeen(mode);
    lastKnownMode = mode;
    if (!agentStartCheckDue) return;
    agentStartCheckDue = false;
    runQuietly('agent-start', !runningAtStart);
  });

  return {
    runCheck: (trigger, atSipServerStart) => runCheck(trigger, atSipServerStart),
    get lastResult() {
      return lastResult;
    },
    link,
    metricsUrl: metricsServer.then((server) =>
      server && metricsConfig ? metricsUrlOf(metricsConfig.host, server.port) : undefined,
    ),
    async stop() {
      // A check in progress is abandoned, not awaited: it may have up to an hour of timeout left.
      stopped = true;
      clearInterval(interval);
      observer.stop();
      watcher?.stop();
      lateWatch.abort();
      // Bounded: waits for a result being spooled or sent (docs/DELIVERY.md), never longer than its grace.
      await link?.close();
      await captured.flush();
      await localStatusStarted;
      await localStatus?.close();
      await (await metricsServer)?.close();
    },
  };
}

function metricsUrlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`;
}
