// Real faults for the delivery tests: a TCP link that can be cut or refused, a PostgreSQL that can be
// frozen (SIGSTOP: a hang, not a refusal), and the agent daemon as its own process.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A TCP proxy in front of the dashboard: `cut()` drops every open connection, `refusing` drops new ones. */
export class CuttableLink {
  refusing = false;
  private server: net.Server | undefined;
  url = '';
  private readonly open = new Set<net.Socket>();

  private constructor() {}

  static async start(targetPort: number): Promise<CuttableLink> {
    const link = new CuttableLink();
    const open = link.open;
    const server = net.createServer((client) => {
      if (link.refusing) return void client.destroy();
      const upstream = net.connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        open.add(socket);
        socket.on('close', () => open.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    link.server = server;
    link.url = `http://127.0.0.1:${port}`;
    return link;
  }

  /** Drops every connection through the link now (both ends see a reset). */
  cut(): void {
    for (const socket of this.open) socket.resetAndDestroy();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The PostgreSQL server of `dataDir` and its backends, frozen (SIGSTOP) until `thaw()`: queries hang. */
export async function freezeDatabase(dataDir: string): Promise<{ thaw(): void }> {
  const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', String(postmaster)]);
  const pids = [
    postmaster,
    ...stdout
      .split('\n')
      .map(Number)
      .filter((pid) => pid > 0),
  ];
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  let thawed = false;
  return {
    thaw: () => {
      if (thawed) return;
      thawed = true;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // gone meanwhile
        }
      }
    },
  };
}

export interface AgentProcess {
  child: ChildProcess;
  output(): string;
  /** Sends `signal` to the agent's process group and resolves with the exit code once it exited. */
  signal(signal: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** The real agent daemon (`standby-agent run`) as its own process group, its output kept. */
export function spawnAgent(configPath: string): AgentProcess {
  // `node --import tsx`, not the `tsx` wrapper: the wrapper kills its child with SIGKILL when the child
  // takes a moment to act on SIGTERM (a loaded machine), which would hide the graceful stop under test.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/agent/src/cli.ts', 'run', '--config', configPath],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    signal: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, signal);
      return exited;
    },
  };
}
