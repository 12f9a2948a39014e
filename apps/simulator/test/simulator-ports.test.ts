// The simulator's ports: a port busy when picked, or taken between the pick and the listen, must never
// crash the simulator (it used to: EADDRINUSE, taking the demo fleet with it).
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TAgentConfig } from '@standby/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { type SimulatedHostSpec, SimulatedSipHost } from '../src/simulated-host';
import { ephemeralPortRange, isFree, pickPort, simulatorPortRange } from '../src/simulator-ports';
import { FAST_COMPONENTS, poll } from './daemon-harness';

const SPEC: SimulatedHostSpec = {
  hostname: 'ports.test',
  application: 'PORTS_B',
  mode: 'backup',
  version: '8.1.103.72',
  options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
  componentDelaysMs: FAST_COMPONENTS,
};

/** A TCP listener on `port` (any port when 0), as another process's server would hold it. */
async function occupy(port = 0): Promise<net.Server & { port: number }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return Object.assign(server, { port: (server.address() as net.AddressInfo).port });
}
const release = (server: net.Server) => new Promise((resolve) => server.close(resolve));

/** A candidate source: these ports first, then the default random ones. */
function firstCandidates(...ports: number[]) {
  const range = simulatorPortRange()!;
  const queue = [...ports];
  return () => queue.shift() ?? range[0] + Math.floor(Math.random() * (range[1] - range[0]));
}

/** The ports the agent was told (its config and the options file). */
async function portsOf(host: SimulatedSipHost) {
  const config = parse(await readFile(host.configPath, 'utf8')) as TAgentConfig;
  const components = config.sipServer.components as Record<string, { tcp?: string; http?: string }>;
  return {
    sip: host.sipPort,
    tController: Number(components['t-controller']?.tcp?.split(':').pop()),
    smartProxy: Number(new URL(components['smart-proxy']?.http ?? '').port),
  };
}

const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
    (response) => response.status,
    () => undefined,
  );

describe('simulator ports', { timeout: 30_000 }, () => {
  let dir: string;
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-ports-'));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('picks ports outside the kernel ephemeral range (no outgoing connection takes them), never twice', async () => {
    const [low, high] = ephemeralPortRange();
    const picked = await Promise.all(Array.from({ length: 30 }, () => pickPort({ udp: true })));
    expect(new Set(picked).size).toBe(picked.length);
    for (const port of picked) expect(port < low || port > high).toBe(true);
  });

  it('tries another candidate when the first one is busy (TCP, or UDP for a SIP port)', async () => {
    const busyTcp = await occupy();
    cleanups.push(() => release(busyTcp));
    const udp = dgram.createSocket('udp4');
    const busyUdp = await new Promise<number>((resolve) => udp.bind(0, () => resolve(udp.address().port)));
    cleanups.push(async () => udp.close());
    expect(await isFree(busyTcp.port, false)).toBe(false);

    const free = await pickPort({ candidates: firstCandidates(busyTcp.port) });
    expect(free).not.toBe(busyTcp.port);
    const sip = await pickPort({ udp: true, candidates: firstCandidates(busyUdp) });
    expect(sip).not.toBe(busyUdp);
    await expect(pickPort({ attempts: 3, candidates: () => busyTcp.port })).rejects.toThrow(
      /no free port .* after 3 candidates/,
    );
  });

  it('a host whose first port candidate is busy comes up on other ports', async () => {
    const busy = await occupy();
    cleanups.push(() => release(busy));
    const host = await SimulatedSipHost.create(dir, { ...SPEC, application: 'BUSY_FIRST_B' }, undefined, {
      candidates: firstCandidates(busy.port, busy.port, busy.port),
    });
    cleanups.push(() => host.dispose());
    const ports = await portsOf(host);
    expect(Object.values(ports)).not.toContain(busy.port);
    await host.start();
    expect(
      await poll(async () =>
        (await answers(`http://127.0.0.1:${ports.smartProxy}/ready`)) === 200 ? 200 : undefined,
      ),
    ).toBe(200);
    await poll(async () => ((await isFree(ports.tController, false)) ? undefined : true));
  });

  it('recovers when its port is taken between the pick and the listen, and never crashes when it stays taken', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const host = await SimulatedSipHost.create(dir, { ...SPEC, application: 'CLASH_B' });
    cleanups.push(() => host.dispose());
    const ports = await portsOf(host);

    // Taken for a moment (a server still closing): the start waits for it and listens.
    const briefly = await occupy(ports.smartProxy);
    setTimeout(() => void release(briefly), 600);
    await host.start();
    expect(
      await poll(async () =>
        (await answers(`http://127.0.0.1:${ports.smartProxy}/ready`)) === 200 ? 200 : undefined,
      ),
    ).toBe(200);
    await poll(async () => ((await isFree(ports.tController, false)) ? undefined : true));

    // Taken for good across a restart: the start still resolves, that component stays down.
    await host.stop();
    const forGood = await occupy(ports.tController);
    cleanups.push(() => release(forGood));
    await host.start();
    await poll(async () =>
      warn.mock.calls.some(([line]) => /T-Controller cannot listen/.test(line)) ? true : undefined,
    );
    expect(
      await poll(async () =>
        (await answers(`http://127.0.0.1:${ports.smartProxy}/ready`)) === 200 ? 200 : undefined,
      ),
    ).toBe(200);

    // Stopped while a listen is still retrying: nothing listens on its port afterwards.
    await host.stop();
    await release(forGood);
    const taken = await occupy(ports.smartProxy);
    const starting = host.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopping = host.stop();
    await starting;
    await stopping;
    await release(taken);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await isFree(ports.smartProxy, false)).toBe(true);
  });
});
