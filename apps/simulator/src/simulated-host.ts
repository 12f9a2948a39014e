import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { OPTION_SECTION, type TComponentName } from '@standby/domain';
import { AGENT_CREDENTIAL_PREFIX, DEFAULT_CHECK_INTERVAL_SEC, type TAgentConfig } from '@standby/protocol';
import { stringify } from 'yaml';
import { holdPort } from './port-holder-process';
import { listenWithRetry, type PickPortOptions, pickPort, releasePort } from './simulator-ports';

/**
 * Where the agent reads the simulated server's role: a role file `run/role` (the default), a line
 * in its log, its HTTP `/role` page, or a literal in the agent's config (no switchover possible).
 */
export type TSimulatedRoleSource = 'file' | 'log' | 'http' | 'literal';

export interface SimulatedHostSpec {
  hostname: string;
  application: string;
  pair?: string;
  /** The role at creation; switchover() changes it (not for a `literal` role source). */
  mode: 'backup' | 'primary';
  roleSource?: TSimulatedRoleSource;
  version: string;
  sameHost?: boolean;
  /** `[TServer]` options to write (sip-port is added: each simulated host gets its own). */
  options: Record<string, string>;
  /** Milliseconds after each start until a component is ready; null: it never initializes. */
  componentDelaysMs: Record<TComponentName, number | null>;
  /** Another process holds the SIP port. */
  holdSipPort?: boolean;
  /** The agent serves Prometheus /metrics on a loopback port picked for it (see `metricsPort`). */
  exposeMetrics?: boolean;
}

export const OPERATIONAL_INFO_READY_LINE = 'OperationalInfo thread initialized';
/** The log line a simulated server writes when its role is set (at start and at a switchover). */
export const ROLE_LOG_LINE = (mode: 'backup' | 'primary') =>
  `Mode: ${mode === 'backup' ? 'Backup' : 'Primary'}`;

function roleSourceConfig(
  source: TSimulatedRoleSource,
  spec: SimulatedHostSpec,
  smartProxyPort: number,
): TAgentConfig['sipServer']['mode'] {
  switch (source) {
    case 'literal':
      return spec.mode;
    case 'file':
      return { file: 'run/role' };
    case 'log':
      return { log: 'logs/sips.log', backup: '^\\S+ Mode: Backup$', primary: '^\\S+ Mode: Primary$' };
    case 'http':
      return { http: `http://127.0.0.1:${smartProxyPort}/role`, backup: '^backup$', primary: '^primary$' };
  }
}

/**
 * A simulated SIP Server host: real listeners, files and log lines that come up after chosen
 * delays (or never), and a SIP port that can be held by another process. The real agent probes it.
 */
export interface SimulatedHostDashboard {
  url: string;
  enrollmentToken: string;
  /**
   * Re-use what an earlier run left in the host's folder (the demo, restarted): an agent credential
   * kept in its token file, and its state (the result spool). The token is written only when none is.
   */
  keepEnrollment?: boolean;
}

export class SimulatedSipHost {
  private timers: NodeJS.Timeout[] = [];
  private tcpServer: net.Server | undefined;
  private httpServer: http.Server | undefined;
  private smartProxyReady = false;
  private portHolder: Awaited<ReturnType<typeof holdPort>> | undefined;
  /** Aborted by stop(): a listen still retrying for this start gives up. */
  private running = new AbortController();
  starts = 0;
  /** The role now (the spec's is the initial one). */
  mode: 'backup' | 'primary';

  private constructor(
    readonly spec: SimulatedHostSpec,
    readonly dir: string,
    readonly configPath: string,
    readonly optionsPath: string,
    readonly sipPort: number,
    private readonly tControllerPort: number,
    private readonly smartProxyPort: number,
    /** The agent's /metrics port on 127.0.0.1 (spec.exposeMetrics). */
    readonly metricsPort?: number,
  ) {
    this.mode = spec.mode;
  }

  static async create(
    baseDir: string,
    spec: SimulatedHostSpec,
    /** The dashboard to report to, with an enrollment token an admin created for these hosts. */
    dashboard?: SimulatedHostDashboard,
    /** Where port candidates come from (tests); by default outside the kernel's ephemeral range. */
    ports: Pick<PickPortOptions, 'candidates'> = {},
  ): Promise<SimulatedSipHost> {
    // By application: the two members of a same-host pair share a host name.
    const dir = path.join(baseDir, spec.application);
    await mkdir(dir, { recursive: true });
    // Written into the configs below, so known before anything listens: picked where no outgoing
    // connection or `listen(0)` takes them meanwhile, each checked free (see simulator-ports.ts).
    const sipPort = await pickPort({ ...ports, udp: true });
    const tControllerPort = await pickPort(ports);
    const smartProxyPort = await pickPort(ports);
    const metricsPort = spec.exposeMetrics ? await pickPort(ports) : undefined;
    const optionsPath = path.join(dir, `${spec.application}.ini`);
    const options = { ...spec.options, 'sip-port': String(sipPort) };
    await writeFile(
      optionsPath,
      [
        `# Options of SIP Server application ${spec.application} (simulated)`,
        `[${OPTION_SECTION}]`,
        ...Object.entries(options).map(([key, value]) => `${key} = ${value}`),
        '',
        '[log]',
        'verbose = all',
        '',
      ].join('\n'),
    );
    const config: TAgentConfig = {
      sipServer: {
        application: spec.application,
        version: spec.version,
        mode: roleSourceConfig(spec.roleSource ?? 'file', spec, smartProxyPort),
        ...(spec.pair ? { pair: spec.pair } : {}),
        sameHost: spec.sameHost ?? false,
        transports: ['udp', 'tcp'],
        hostname: spec.hostname,
        optionsFile: path.basename(optionsPath),
        components: {
          't-controller': { tcp: `127.0.0.1:${tControllerPort}` },
          'smart-proxy': { http: `http://127.0.0.1:${smartProxyPort}/ready` },
          'interaction-proxy': { file: 'run/interaction-proxy.ready' },
          'operational-info': { log: 'logs/sips.log', match: 'OperationalInfo.*initialized' },
        },
      },
      ...(dashboard
        ? { dashboard: { url: dashboard.url, tokenFile: 'agent.token', stateDir: 'standby-state' } }
        : {}),
      agent: {
        intervalSec: DEFAULT_CHECK_INTERVAL_SEC,
        ...(metricsPort ? { metrics: { port: metricsPort, host: '127.0.0.1' } } : {}),
      },
    };
    const tokenFile = path.join(dir, 'agent.token');
    if (dashboard && !(dashboard.keepEnrollment && (await holdsCredential(tokenFile))))
      await writeFile(tokenFile, `${dashboard.enrollmentToken}\n`, { mode: 0o600 });
    if (dashboard?.keepEnrollment) {
      // The simulated server's own files start afresh (its log's ready lines belong to its last run).
      await rm(path.join(dir, 'run'), { recursive: true, force: true });
      await rm(path.join(dir, 'logs'), { recursive: true, force: true });
    }
    const configPath = path.join(dir, 'agent.yaml');
    await writeFile(configPath, stringify(config));
    await mkdir(path.join(dir, 'run'), { recursive: true });
    await mkdir(path.join(dir, 'logs'), { recursive: true });
    const host = new SimulatedSipHost(
      spec,
      dir,
      configPath,
      optionsPath,
      sipPort,
      tControllerPort,
      smartProxyPort,
      metricsPort,
    );
    await host.writeRole();
    return host;
  }

  /**
   * A switchover: the server's role becomes `mode`, in the role file (written atomically) or as a
   * log line; the HTTP role page answers it at once.
   */
  async switchover(mode: 'backup' | 'primary'): Promise<void> {
    if ((this.spec.roleSource ?? 'file') === 'literal')
      throw new Error(`${this.spec.application}: a literal role cannot switch over`);
    this.mode = mode;
    await this.writeRole();
  }

  private async writeRole(): Promise<void> {
    const source = this.spec.roleSource ?? 'file';
    if (source === 'file') {
      const temp = `${this.rolePath}.tmp`;
      await writeFile(temp, `${this.mode}\n`);
      await rename(temp, this.rolePath);
    }
    if (source === 'log')
      await appendFile(this.logPath, `${new Date().toISOString()} ${ROLE_LOG_LINE(this.mode)}\n`);
  }

  /** Starts the simulated SIP Server: each component comes up after its delay. */
  async start(): Promise<void> {
    this.starts++;
    this.running = new AbortController();
    const { signal } = this.running;
    await appendFile(
      this.logPath,
      `${new Date().toISOString()} SIP Server ${this.spec.application} starting\n`,
    );
    // A real server logs its role as it starts; the log role source reads the last such line.
    if (this.spec.roleSource === 'log') await this.writeRole();
    this.httpServer = http.createServer((req, res) => {
      if (req.url === '/role') return void res.writeHead(200).end(this.mode);
      res.writeHead(this.smartProxyReady ? 200 : 503).end(this.smartProxyReady ? 'ready' : 'initializing');
    });
    // A port another process holds past the retries leaves the smart proxy down (as on a real
    // host: its checks fail), never crashes the simulator and the fleet with it.
    await listenWithRetry(this.httpServer, this.smartProxyPort, { signal }).catch(
      (error: NodeJS.ErrnoException) =>
        warnPortBusy(this.spec.application, 'smart proxy', this.smartProxyPort, error),
    );
    if (signal.aborted) return; // stopped while it waited for its port
    if (this.spec.holdSipPort && !this.portHolder)
      this.portHolder = await holdPort(this.sipPort).catch((error: Error) => {
        // Held past the holder's retries by someone else: held all the same, by no pid of ours.
        console.warn(`[simulator] ${this.spec.application}: ${error.message}`);
        return undefined;
      });
    const delays = this.spec.componentDelaysMs;
    this.after(delays['t-controller'], () => {
      const server = net.createServer((socket) => socket.end());
      this.tcpServer = server;
      // A port taken meanwhile leaves T-Controller down (as on a real host), never crashes the simulator.
      void listenWithRetry(server, this.tControllerPort, { signal }).catch((error: NodeJS.ErrnoException) =>
        warnPortBusy(this.spec.application, 'T-Controller', this.tControllerPort, error),
      );
    });
    this.after(delays['smart-proxy'], () => {
      this.smartProxyReady = true;
    });
    this.after(delays['interaction-proxy'], () => void writeFile(this.readyFilePath, `${Date.now()}\n`));
    this.after(
      delays['operational-info'],
      () => void appendFile(this.logPath, `${new Date().toISOString()} ${OPERATIONAL_INFO_READY_LINE}\n`),
    );
  }

  /** Stops the simulated SIP Server (its components go down; a held port stays held). */
  async stop(): Promise<void> {
    this.running.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    this.smartProxyReady = false;
    await rm(this.readyFilePath, { force: true });
    await Promise.all([closeServer(this.tcpServer), closeServer(this.httpServer)]);
    this.tcpServer = undefined;
    this.httpServer = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.portHolder?.release();
    this.portHolder = undefined;
    for (const port of [this.sipPort, this.tControllerPort, this.smartProxyPort, this.metricsPort])
      if (port !== undefined) releasePort(port);
  }

  get portHolderPid(): number | undefined {
    return this.portHolder?.pid;
  }

  private get logPath(): string {
    return path.join(this.dir, 'logs/sips.log');
  }

  private get rolePath(): string {
    return path.join(this.dir, 'run/role');
  }

  private get readyFilePath(): string {
    return path.join(this.dir, 'run/interaction-proxy.ready');
  }

  private after(delayMs: number | null, action: () => void): void {
    if (delayMs === null) return;
    this.timers.push(setTimeout(action, delayMs));
  }
}

/** Whether an earlier run left an agent credential (not an enrollment token) in the token file. */
async function holdsCredential(tokenFile: string): Promise<boolean> {
  const content = await readFile(tokenFile, 'utf8').catch(() => '');
  return content.trim().startsWith(AGENT_CREDENTIAL_PREFIX);
}

function warnPortBusy(application: string, component: string, port: number, error: NodeJS.ErrnoException) {
  console.warn(
    `[simulator] ${application}: ${component} cannot listen on port ${port} (${error.code ?? error.message}); it stays down`,
  );
}

function closeServer(server: net.Server | http.Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
