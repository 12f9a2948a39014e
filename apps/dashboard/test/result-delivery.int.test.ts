// docs/DELIVERY.md under real faults: real agents, real spools, real sockets, a real PostgreSQL that is
// stopped or frozen. Each case counts: every result generated is stored, once.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '@standby/db/embedded';
import type { SimulatedSipHost } from '@standby/simulator/host';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CuttableLink, freezeDatabase, spawnAgent } from './delivery-faults';
import { enrolledHost, helloFor, rawAgentSocket } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ENTRY = /^\d+-[0-9a-f-]{36}\.json$/;

describe('no result lost in any fault', { timeout: 120_000 }, () => {
  let dir: string;
  let database: EmbeddedDatabase;
  let dashboard: TestDashboard;
  let link: CuttableLink;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-delivery-'));
    database = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pgdata') });
    // A short lease: the upkeep (which also corrects connection state) ticks every half second.
    dashboard = await startTestDashboard({
      dir,
      keepDir: true,
      databaseUrl: database.url,
      nodeLeaseMs: 3_000,
    });
    link = await CuttableLink.start(dashboard.port);
  });

  // A test that failed midway must not leave the next one behind a refusing link or a stopped database.
  let restartDatabase: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    link.refusing = false;
    await restartDatabase?.();
  });

  afterAll(async () => {
    await restartDatabase?.().catch(() => {});
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await link?.close();
    await dashboard?.dispose();
    await database?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  /** A simulated host whose agent reaches the dashboard through the cuttable link. */
  async function hostBehindLink(application: string): Promise<SimulatedSipHost> {
    const host = await enrolledHost(
      path.join(dir, 'fleet'),
      { url: link.url, enrollmentToken: () => dashboard.enrollmentToken() },
      application,
      `PAIR_${application}`,
    );
    cleanups.push(() => host.dispose());
    return host;
  }

  function runAgent(config: Awaited<ReturnType<typeof loadAgentConfig>>) {
    const logs: string[] = [];
    const agent = startAgent({ config, log: (line) => logs.push(line) });
    cleanups.push(() => agent.stop());
    return { agent, logs };
  }

  const runsOf = (application: string) =>
    dashboard.prisma.checkRun.findMany({ where: { host: { application } }, orderBy: { finishedAt: 'asc' } });

  /** Waits until exactly the generated runs are stored for the host (and checks none is extra). */
  async function expectStoredOnce(application: string, generated: string[]) {
    const want = new Set(generated);
    expect(want.size).toBe(generated.length);
    await waitFor(
      async () => {
        const runs = await runsOf(application);
        return [...want].every((id) => runs.some((run) => run.id === id)) ? true : undefined;
      },
      `${generated.length} results of ${application} stored`,
      60_000,
    );
    const runs = await runsOf(application);
    expect(runs.map((run) => run.id).sort()).toEqual([...want].sort());
    return runs;
  }

  /** Every result an agent made, from its log ("check <runId> (<trigger>): <status>"), in order. */
  const made = (logs: string[]) => logs.flatMap((line) => /\bcheck ([0-9a-f-]{36}) \(/.exec(line)?.[1] ?? []);

  const spoolDir = (host: SimulatedSipHost) => path.join(host.dir, 'standby-state/spool');
  const spooled = async (host: SimulatedSipHost) =>
    (await readdir(spoolDir(host)).catch(() => [] as string[])).filter((name) => ENTRY.test(name));

  it('answers a result sent before the hello with a retryable CONFLICT, not UNAUTHORIZED', async () => {
    const socket = rawAgentSocket(dashboard.url, await dashboard.agentCredential('early.test/EARLY'));
    try {
      const early = await socket.timeout(5_000).emitWithAck('check:finished', { result: {} });
      expect(early).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      const hello = await socket.timeout(5_000).emitWithAck('hello', helloFor('early.test/EARLY'));
      expect(hello.ok).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('(a) stores every result made and replayed around link cuts exactly once', async () => {
    const host = await hostBehindLink('SIPS_FLAP_B');
    const { agent, logs } = runAgent(await loadAgentConfig(host.configPath));
    const [first] = await waitFor(
      async () => ((await runsOf('SIPS_FLAP_B')).length ? runsOf('SIPS_FLAP_B') : undefined),
      'first result',
    );
    void first;
    // Cuts land while a result is being made, spooled, emitted or awaiting its ack, and while replaying.
    for (let i = 0; i < 12; i++) {
      const check = agent.runCheck('interval');
      await sleep(Math.random() * 40);
      link.cut();
      await check;
      await sleep(Math.random() * 150);
    }
    for (let i = 0; i < 4; i++) {
      await sleep(150 + Math.random() * 300);
      link.cut();
    }
    const generated = made(logs);
    expect(generated.length).toBeGreaterThanOrEqual(13);
    const runs = await expectStoredOnce('SIPS_FLAP_B', generated);
    expect(runs).toHaveLength(generated.length);
    await waitFor(async () => ((await spooled(host)).length === 0 ? true : undefined), 'spool drained');
    expect(agent.link?.deliveryStatus).toMatchObject({ pending: 0, quarantined: 0 });
    // Nothing was ever emitted before a hello: the dashboard never had to refuse one.
    expect(logs.filter((line) => /CONFLICT|hello first|refused result|quarantine/.test(line))).toEqual([]);
    await agent.stop();
  });

  it('(b, e) retries a handshake refused while the database is down, drains after it returns, flags late', async () => {
    const hostB = await hostBehindLink('SIPS_DBDOWN_B');
    const hostC = await hostBehindLink('SIPS_GONE_B');
    const hostD = await hostBehindLink('SIPS_RESTART_B');
    const b = runAgent(await loadAgentConfig(hostB.configPath));
    const c = runAgent(await loadAgentConfig(hostC.configPath));
    const configD = await loadAgentConfig(hostD.configPath);
    const d1 = runAgent(configD);
    const [liveB] = await waitFor(
      async () => ((await runsOf('SIPS_DBDOWN_B')).length ? runsOf('SIPS_DBDOWN_B') : undefined),
      'a live result of B',
    );
    await waitFor(
      async () => ((await runsOf('SIPS_RESTART_B')).length ? true : undefined),
      'a live result of D',
    );
    await waitFor(async () => (c.agent.link?.connected ? true : undefined), 'C connected');
    expect(liveB!.late).toBe(false);
    await d1.agent.stop();
    // Everything made so far stored (the simulated starts may have added a check or two).
    await sleep(1_000);
    const beforeOutage = made(b.logs);
    await expectStoredOnce('SIPS_DBDOWN_B', beforeOutage);

    await database.stop();
    restartDatabase = async () => {
      restartDatabase = undefined;
      database = await startEmbeddedPostgres({ dataDir: database.dataDir, port: database.port });
    };
    link.cut(); // every agent must come back through a handshake the dashboard cannot check
    await waitFor(
      async () => (b.logs.some((line) => line.includes('refused the connection for now')) ? true : undefined),
      'a refused handshake',
    );
    await c.agent.stop(); // its disconnect was already lost in the outage; it will not come back
    for (let i = 0; i < 3; i++) await b.agent.runCheck('interval');
    const whileDown = made(b.logs).filter((id) => !beforeOutage.includes(id));
    // An agent restarted during the outage: its start check is made while cut off.
    const d2 = runAgent(configD);
    const startD = await waitFor(async () => d2.agent.lastResult, 'D start check while down');
    await sleep(4_000); // several refusals and retries
    expect(b.logs.filter((line) => line.includes('refused the connection for now'))).toHaveLength(1);
    expect(b.agent.link?.deliveryStatus).toMatchObject({ link: 'unreachable', pending: whileDown.length });

    await restartDatabase?.();
    const runsB = await expectStoredOnce('SIPS_DBDOWN_B', made(b.logs));
    await waitFor(async () => (b.agent.link?.connected ? true : undefined), 'B connected again');
    expect(
      b.logs.filter((line) => /connected to dashboard .*after \d+ failed attempt/.test(line)),
    ).toHaveLength(1);
    for (const run of runsB) expect(run.late).toBe(whileDown.includes(run.id));
    const runsD = await waitFor(async () => {
      const runs = await runsOf('SIPS_RESTART_B');
      return runs.some((run) => run.id === startD.runId) ? runs : undefined;
    }, 'D start check stored');
    expect(runsD.find((run) => run.id === startD.runId)?.late).toBe(true);
    expect(runsD.filter((run) => run.id === startD.runId)).toHaveLength(1);

    // C's disconnect could not be written during the outage: corrected once the database is back.
    const hostCRow = await dashboard.prisma.host.findFirstOrThrow({ where: { application: 'SIPS_GONE_B' } });
    await waitFor(
      () =>
        dashboard.prisma.agent
          .findFirst({ where: { hostId: hostCRow.id, connected: false } })
          .then((a) => a ?? undefined),
      'C marked disconnected',
    );
    const health = (await (await fetch(`${dashboard.url}/api/health`)).json()) as {
      agents: { connected: number };
    };
    const connectedNow = await dashboard.prisma.agent.count({ where: { connected: true } });
    expect(health.agents.connected).toBe(connectedNow);
    expect(
      await dashboard.prisma.agent.count({
        where: { connected: true, host: { application: 'SIPS_GONE_B' } },
      }),
    ).toBe(0);
    await Promise.all([b.agent.stop(), d2.agent.stop()]);
  });

  it('(3) resends a result whose ack timed out in a database hang, without waiting for another check', async () => {
    const host = await hostBehindLink('SIPS_HANG_B');
    const { agent, logs } = runAgent(await loadAgentConfig(host.configPath));
    const [first] = await waitFor(
      async () => ((await runsOf('SIPS_HANG_B')).length ? runsOf('SIPS_HANG_B') : undefined),
      'first result',
    );
    const frozen = await freezeDatabase(database.dataDir);
    cleanups.push(async () => frozen.thaw());
    let madeNow: string;
    try {
      madeNow = (await agent.runCheck('interval')).runId;
      await waitFor(
        async () =>
          logs.some((line) => /not acknowledged|did not store result/.test(line)) ? true : undefined,
        'the ack timing out',
        25_000,
      );
    } finally {
      frozen.thaw();
    }
    // Drained: the resend was answered (stored, or already stored by the first attempt once the hang ended).
    await waitFor(async () => ((await spooled(host)).length === 0 ? true : undefined), 'spool drained');
    // Only the checks it made (no later check carried it): each stored once.
    const runs = await expectStoredOnce('SIPS_HANG_B', made(logs));
    expect(runs.map((run) => run.id)).toContain(first!.id);
    expect(runs.find((run) => run.id === madeNow)?.late).toBe(true);
    await agent.stop();
  });

  it('(c) SIGTERM right after a check keeps the result whole in the spool; it is delivered after a restart', async () => {
    const host = await hostBehindLink('SIPS_SIGTERM_B');
    const configPath = host.configPath;
    // Enrolled and connected once, then stopped.
    const first = runAgent(await loadAgentConfig(configPath));
    await waitFor(async () => ((await runsOf('SIPS_SIGTERM_B')).length ? true : undefined), 'first result');
    await sleep(1_000);
    await waitFor(async () => ((await spooled(host)).length === 0 ? true : undefined), 'first agent drained');
    await first.agent.stop();
    await sleep(1_000); // a check the stop abandoned may still end and spool its result: not the daemon's

    // Unreachable: the daemon's start check can only be spooled. SIGTERM as soon as it appears on disk.
    link.refusing = true;
    const before = new Set(await readdir(spoolDir(host)));
    const daemon = spawnAgent(configPath);
    cleanups.push(() => daemon.signal('SIGKILL'));
    await waitFor(
      async () =>
        (await readdir(spoolDir(host)).catch(() => [] as string[])).some(
          (name) => name.includes('-') && !before.has(name),
        )
          ? true
          : undefined,
      'a result reaching the spool',
      30_000,
    );
    const stoppedAt = Date.now();
    const code = await daemon.signal('SIGTERM');
    expect({ code, output: daemon.output() }).toMatchObject({ code: 0 });
    expect(Date.now() - stoppedAt).toBeLessThan(8_000);
    const names = await readdir(spoolDir(host));
    const entries = names.filter((name) => ENTRY.test(name));
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const whileStopped: string[] = [];
    for (const entry of entries) {
      const parsed = JSON.parse(await readFile(path.join(spoolDir(host), entry), 'utf8'));
      whileStopped.push(parsed.result.runId);
    }

    // Slow dashboard: the result is in flight (the database hangs) when SIGTERM comes.
    link.refusing = false;
    const second = spawnAgent(configPath);
    cleanups.push(() => second.signal('SIGKILL'));
    await waitFor(
      async () => ((await spooled(host)).length === 0 ? true : undefined),
      'the spool drained by the second daemon',
      30_000,
    );
    const frozen = await freezeDatabase(database.dataDir);
    cleanups.push(async () => frozen.thaw());
    let inFlight: string[] = [];
    try {
      await host.restart(); // a SIP Server start: the daemon checks and sends; no ack can come
      inFlight = await waitFor(
        async () => ((await spooled(host)).length > 0 ? spooled(host) : undefined),
        'a result in flight',
        30_000,
      );
      await sleep(300);
      const t0 = Date.now();
      expect(await second.signal('SIGTERM')).toBe(0);
      const took = Date.now() - t0;
      expect(took).toBeGreaterThan(4_000); // it waited for the ack…
      expect(took).toBeLessThan(9_000); // …bounded
    } finally {
      frozen.thaw();
    }
    const left = await spooled(host);
    expect(left).toEqual(expect.arrayContaining(inFlight));
    const inFlightIds: string[] = [];
    for (const entry of left) {
      const parsed = JSON.parse(await readFile(path.join(spoolDir(host), entry), 'utf8'));
      inFlightIds.push(parsed.result.runId);
    }

    // Restarted with the dashboard fine: everything left in the spool is delivered, once.
    const third = runAgent(await loadAgentConfig(configPath));
    await waitFor(
      async () => ((await spooled(host)).length === 0 ? true : undefined),
      'spool drained',
      30_000,
    );
    const generated = [
      first.logs,
      daemon.output().split('\n'),
      second.output().split('\n'),
      third.logs,
    ].flatMap(made);
    for (const id of [...whileStopped, ...inFlightIds]) expect(generated).toContain(id);
    await expectStoredOnce('SIPS_SIGTERM_B', generated);
    expect(third.logs.filter((line) => /quarantine|refused result/.test(line))).toEqual([]);
    await third.agent.stop();
  });

  it('(d) quarantines a result the dashboard refuses for good, counts it, and delivers the rest', async () => {
    const host = await hostBehindLink('SIPS_REFUSED_B');
    const config = await loadAgentConfig(host.configPath);
    // A spooled result valid for the agent but over the dashboard's size bound (as an agent of another
    // version could leave behind): refused with PAYLOAD_TOO_LARGE whenever it is sent.
    const runId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const big = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`opt-${i}`, 'x'.repeat(1_000)]));
    const result = {
      runId,
      status: 'RUNNING',
      applicable: true,
      mode: 'backup',
      checkEnabled: true,
      timeoutSec: 15,
      trigger: 'interval',
      startedAt: new Date(Date.now() - 2_000).toISOString(),
      finishedAt: new Date(Date.now() - 1_000).toISOString(),
      durationMs: 1_000,
      components: [],
      portCheck: { state: 'passed', reason: null, port: 5060, address: null },
      findings: [],
      options: big,
      configuredOptions: {},
      serverStartedAt: null,
      reasons: [],
    };
    await mkdir(spoolDir(host), { recursive: true });
    await writeFile(
      path.join(spoolDir(host), `000000000000-${runId}.json`),
      JSON.stringify({ result, replayed: false }),
    );
    const statusFile = path.join(host.dir, 'status.json');
    const { agent, logs } = runAgent({
      ...config,
      agent: { ...config.agent, status: { file: statusFile, httpHost: '127.0.0.1' } },
    });

    const [stored] = await waitFor(
      async () => ((await runsOf('SIPS_REFUSED_B')).length ? runsOf('SIPS_REFUSED_B') : undefined),
      'the agent start result stored behind the refused one',
    );
    await waitFor(async () => ((await spooled(host)).length === 0 ? true : undefined), 'spool drained');
    expect(stored!.id).not.toBe(runId);
    await expectStoredOnce('SIPS_REFUSED_B', made(logs));
    const quarantine = await readdir(path.join(spoolDir(host), 'quarantine'));
    expect(quarantine.sort()).toEqual([`000000000000-${runId}.json`, `000000000000-${runId}.json.refusal`]);
    const refusal = JSON.parse(
      await readFile(path.join(spoolDir(host), 'quarantine', `000000000000-${runId}.json.refusal`), 'utf8'),
    );
    expect(refusal.code).toBe('PAYLOAD_TOO_LARGE');
    await waitFor(
      async () => (agent.link?.deliveryStatus.pending === 0 ? true : undefined),
      'nothing pending (a start check may have come in)',
    );
    expect(agent.link?.deliveryStatus).toMatchObject({ quarantined: 1, pending: 0, link: 'connected' });
    const status = await waitFor(async () => {
      const published = JSON.parse(await readFile(statusFile, 'utf8'));
      return published.delivery?.quarantined === 1 && published.delivery.pending === 0
        ? published
        : undefined;
    }, 'the quarantine count in the local status');
    expect(status.delivery).toMatchObject({ link: 'connected', pending: 0, quarantined: 1 });
    expect(logs.filter((line) => line.includes('quarantined'))).toHaveLength(1);
    await agent.stop();
  });
});
