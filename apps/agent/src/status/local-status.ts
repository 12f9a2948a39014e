import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TCheckStatus, TSipServerMode } from '@standby/domain';
import { lineLogger, processLogger } from '@standby/telemetry';
import { writeFileAtomic } from '../fs/atomic-write';

export type TLocalStatusValue = TCheckStatus | 'INITIALIZING';

export interface TLocalStatus {
  status: TLocalStatusValue;
  runId?: string;
  at: string;
  reasons: string[];
  /** The SIP Server's role as observed now (`unknown` while its source cannot be read). */
  mode: TSipServerMode | 'unknown';
  /** Its version as observed now ('' when unreadable). */
  version: string;
  /** Delivery of results to the dashboard (absent without a dashboard): see docs/DELIVERY.md. */
  delivery?: TLocalDelivery;
}

export interface TLocalDelivery {
  /** `connecting` (since the agent started), `connected`, `unreachable` (retrying), `refused` (credential refused: not retrying). */
  link: 'connecting' | 'connected' | 'unreachable' | 'refused';
  /** Results spooled, not yet stored by the dashboard. */
  pending: number;
  /** Results the dashboard refused for good (validation), kept in the spool's quarantine/ directory. */
  quarantined: number;
  /** Results dropped because the spool was full. */
  dropped: number;
  refusal?: string;
}

export interface LocalStatusOptions {
  /** Serve GET /status on this port (0: any free port); no HTTP server when absent. */
  httpPort?: number;
  httpHost?: string;
  /** Mirror the status into this JSON file on every update. */
  statusFile?: string;
  /** Run through /bin/sh -c whenever the status value changes. */
  onChangeCommand?: string;
  /** What the status says before the first update. */
  initial?: Pick<TLocalStatus, 'mode' | 'version'>;
  log?: (line: string) => void;
}

export interface LocalStatusReporter {
  start(): Promise<{ port?: number }>;
  /** Publishes a new status; the on-change hook runs only when the status value differs from the current one. */
  update(status: TLocalStatus): Promise<void>;
  readonly current: TLocalStatus;
  /** Stops the HTTP server and waits for pending status-file writes and commands. */
  close(): Promise<void>;
}

// A hung hook must not block every later status change.
const COMMAND_TIMEOUT_MS = 60_000;
const STDERR_TAIL = 500;

/** Publishes the agent's status to the host's management layer: an HTTP endpoint, a status file and a change hook. */
export function createLocalStatusReporter(options: LocalStatusOptions): LocalStatusReporter {
  const log = options.log ?? lineLogger(processLogger().child({ part: 'local-status' }));
  let current: TLocalStatus = {
    status: 'INITIALIZING',
    at: new Date().toISOString(),
    reasons: [],
    mode: options.initial?.mode ?? 'unknown',
    version: options.initial?.version ?? '',
  };
  let server: Server | undefined;
  // Chains keep status-file writes and hook commands in order, one at a time.
  let fileChain: Promise<void> = Promise.resolve();
  let commandChain: Promise<void> = Promise.resolve();

  const writeStatusFile = (): Promise<void> => {
    const file = options.statusFile;
    if (!file) return Promise.resolve();
    // Each write takes the status current when it runs, so the file ends on the latest one.
    const write = fileChain.then(() => writeFileAtomic(file, `${JSON.stringify(current, null, 2)}\n`));
    fileChain = write.catch(() => undefined);
    return write;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/status' && pathname !== '/') {
      res.writeHead(404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, {
        allow: 'GET, HEAD',
        'content-type': 'application/json',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify({ error: 'method not allowed' }));
      return;
    }
    // Only a finished check that found SIP Server running counts as available.
    res.writeHead(current.status === 'RUNNING' ? 200 : 503, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(current));
  };

  return {
    get current() {
      return current;
    },

    async start() {
      // A stale file from a previous run must not keep claiming RUNNING.
      await writeStatusFile();
      if (options.httpPort === undefined) return {};
      const listening = createServer(handle);
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(options.httpPort, options.httpHost ?? '127.0.0.1', () => {
          listening.off('error', reject);
          resolve();
        });
      });
      listening.on('error', (error) => log(`status server error: ${error.message}`));
      server = listening;
      return { port: (listening.address() as AddressInfo).port };
    },

    async update(status) {
      const previous = current.status;
      current = {
        ...status,
        reasons: [...status.reasons],
        ...(status.delivery ? { delivery: { ...status.delivery } } : {}),
      };
      if (options.onChangeCommand && status.status !== previous) {
        const command = options.onChangeCommand;
        const env = {
          ...process.env,
          STANDBY_STATUS: status.status,
          STANDBY_PREVIOUS_STATUS: previous,
          STANDBY_RUN_ID: status.runId ?? '',
        };
        // Not awaited: a slow hook must not hold up the check; close() waits for it.
        commandChain = commandChain.then(() => runCommand(command, env, log));
      }
      await writeStatusFile();
    },

    async close() {
      const stopping = server;
      server = undefined;
      if (stopping)
        await new Promise<void>((resolve) => {
          stopping.close(() => resolve());
          // Keep-alive connections would otherwise hold close() open.
          stopping.closeAllConnections();
        });
      await Promise.all([fileChain, commandChain]);
    },
  };
}

/** Runs the hook; failures are logged, never thrown, since the status itself has already been published. */
function runCommand(command: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve) => {
    let stderr = '';
    let settled = false;
    const finish = (problem?: string) => {
      if (settled) return;
      settled = true;
      if (problem) log(`on-change command ${problem}`);
      resolve();
    };
    const child = spawn('/bin/sh', ['-c', command], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: COMMAND_TIMEOUT_MS,
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.once('error', (error) => finish(`failed: ${error.message}`));
    child.once('close', (code, signal) => {
      if (code === 0) return finish();
      const how = signal ? `was killed by ${signal}` : `exited with ${code}`;
      finish(`${how}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    });
  });
}
