import { type ChildProcess, spawn } from 'node:child_process';

// Runs in a separate process so the agent sees the port held by *another* process, as in production.
// The port may be busy for a moment (the agent's own port check binds it briefly): it tries again,
// a bounded number of times, rather than crash the simulator with EADDRINUSE.
const HOLDER_SOURCE = `
const net = require('node:net'); const dgram = require('node:dgram');
const port = Number(process.argv[1]);
const retry = (what, attempt, error, again) => {
  if (error.code !== 'EADDRINUSE' || attempt >= 40) {
    console.error('port holder: cannot hold ' + what + ' port ' + port + ': ' + error.message);
    process.exit(1);
  }
  setTimeout(again, 250);
};
const holdUdp = (attempt) => {
  const udp = dgram.createSocket('udp4');
  udp.once('error', (error) => { try { udp.close(); } catch {} retry('UDP', attempt, error, () => holdUdp(attempt + 1)); });
  udp.bind(port, () => process.send ? process.send('held') : console.log('held'));
};
const holdTcp = (attempt) => {
  const tcp = net.createServer();
  tcp.once('error', (error) => retry('TCP', attempt, error, () => holdTcp(attempt + 1)));
  tcp.listen(port, () => holdUdp(1));
};
holdTcp(1);
// Never outlive the simulator: exit once reparented.
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500);
`;

/** Starts a process that holds the SIP port (TCP and UDP) until `release`. */
export async function holdPort(port: number): Promise<{ pid: number; release(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-e', HOLDER_SOURCE, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`port holder exited with ${code}`)));
    child.stdout?.once('data', () => resolve());
  });
  return {
    pid: child.pid ?? -1,
    release: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
