import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { TComponentName } from '@standby/domain';
import type { TAgentConfig } from '@standby/protocol';
import { stringify } from 'yaml';
import { findFreePort } from './free-port';
import { holdPort } from './port-holder-process';

export interface SimulatedHostSpec {
  hostname: string;
  application: string;
  pair?: string;
  mode: 'backup' | 'primary';
  version: string;
  sameHost?: boolean;
  /** `[TServer]` options to write (sip-port is added: each simulated host gets its own). */
  options: Record<string, string>;
  /** Milliseconds after each start until a component is ready; null: it never initializes. */
  componentDelaysMs: Record<TComponentName, number | null>;
  /** Another process holds the SIP port. */
  holdSipPort?: boolean;
}

export const OPERATIONAL_INFO_READY_LINE = 'OperationalInfo thread initialized';

/**
 * A simulated SIP Server host: real listeners, files and log lines that come up after chosen
 * delays (or never), and a SIP port that can be held by another process. The real agent probes it.
 */
export interface SimulatedHostDashboard {
  url: string;
  enrollmentToken: string;
}

export class SimulatedSipHost {
  private timers: NodeJS.Timeout[] = [];
  private tcpServer: net.Server | undefined;
  private httpServer: http.Server | undefined;
  private smartProxyReady = false;
  private portHolder: Awaited<ReturnType<typeof holdPort>> | undefined;
  starts = 0;

  private constructor(
    readonly spec: SimulatedHostSpec,
    readonly dir: string,
    readonly configPath: string,
    readonly optionsPath: string,
    readonly sipPort: number,
    private readonly tControllerPort: number,
    private readonly smartProxyPort: number,
  ) {}

  static async create(
    baseDir: string,
    spec: SimulatedHostSpec,
    /** The dashboard to report to, with an enrollment token an admin created for these hosts. */
    dashboard?: SimulatedHostDashboard,
  ): Promise<SimulatedSipHost> {
    // By application: the two members of a same-host pair share a host name.
    const dir = path.join(baseDir, spec.application);
    await mkdir(dir, { recursive: true });
    const [sipPort, tControllerPort, smartProxyPort] = [
      await findFreePort(),
      await findFreePort(),
      await findFreePort(),
    ];
    const optionsPath = path.join(dir, `${spec.application}.ini`);
    const options = { ...spec.options, 'sip-port': String(sipPort) };
    await writeFile(
      optionsPath,
      [
        `# Options of SIP Server application ${spec.application} (simulated)`,
        '[TServer]',
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
        mode: spec.mode,
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
      agent: {},
    };
    if (dashboard)
      await writeFile(path.join(dir, 'agent.token'), `${dashboard.enrollmentToken}\n`, { mode: 0o600 });
    const configPath = path.join(dir, 'agent.yaml');
    await writeFile(configPath, stringify(config));
    await mkdir(path.join(dir, 'run'), { recursive: true });
    await mkdir(path.join(dir, 'logs'), { recursive: true });
    return new SimulatedSipHost(spec, dir, configPath, optionsPath, sipPort, tControllerPort, smartProxyPort);
  }

  /** Starts the simulated SIP Server: each component comes up after its delay. */
  async start(): Promise<void> {
    this.starts++;
    await appendFile(
      this.logPath,
      `${new Date().toISOString()} SIP Server ${this.spec.application} starting\n`,
    );
    this.httpServer = http.createServer((_req, res) => {
      res.writeHead(this.smartProxyReady ? 200 : 503).end(this.smartProxyReady ? 'ready' : 'initializing');
    });
    await new Promise<void>((resolve) => this.httpServer!.listen(this.smartProxyPort, '127.0.0.1', resolve));
    if (this.spec.holdSipPort && !this.portHolder) this.portHolder = await holdPort(this.sipPort);
    const delays = this.spec.componentDelaysMs;
    this.after(delays['t-controller'], () => {
      this.tcpServer = net.createServer((socket) => socket.end()).listen(this.tControllerPort, '127.0.0.1');
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
  }

  get portHolderPid(): number | undefined {
    return this.portHolder?.pid;
  }

  private get logPath(): string {
    return path.join(this.dir, 'logs/sips.log');
  }

  private get readyFilePath(): string {
    return path.join(this.dir, 'run/interaction-proxy.ready');
  }

  private after(delayMs: number | null, action: () => void): void {
    if (delayMs === null) return;
    this.timers.push(setTimeout(action, delayMs));
  }
}

function closeServer(server: net.Server | http.Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  if ('closeAllConnections' in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
