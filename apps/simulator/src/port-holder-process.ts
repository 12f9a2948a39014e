import { type ChildProcess, spawn } from 'node:child_process';

// Runs in a separate process so the agent sees the port held by *another* process, as in production.
const HOLDER_SOURCE = `
const net = require('node:net'); const dgram = require('node:dgram');
const port = Number(process.argv[1]);
const tcp = net.createServer().listen(port, () => {
  dgram.createSocket('udp4').bind(port, () => process.send ? process.send('held') : console.log('held'));
});
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
