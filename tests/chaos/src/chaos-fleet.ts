// Simulated SIP Server hosts, each with its real agent daemon reporting through the chaos proxy, and
// the accounting: every run id an agent made (its own log line, written once the result is spooled)
// against the CheckRun rows the dashboard stored.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SimulatedSipHost } from '@standby/simulator/host';
import { parse, stringify } from 'yaml';
import type { ChaosStack } from './chaos-stack';
import { type ChildRun, spawnAgentDaemon } from './processes';

/** "check <runId> (<trigger>): <status>": the agent's line for each result it made. */
const CHECK_LINE = /\bcheck ([0-9a-f-]{36}) \(/;
const SPOOL_ENTRY = /^\d+-[0-9a-f-]{36}\.json$/;
/** Components come up fast: a check takes a few hundred ms. */
const READY_FAST = {
  't-controller': 50,
  'smart-proxy': 100,
  'interaction-proxy': 150,
  'operational-info': 200,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FleetMember {
  host: SimulatedSipHost;
  application: string;
  /** Every daemon run of this host, in order (a restart adds one). */
  runs: ChildRun[];
  logFile: string;
}

export class ChaosFleet {
  private churning = false;
  private churnLoops: Promise<void>[] = [];
  readonly unexpectedExits: string[] = [];

  private constructor(
    private readonly stack: ChaosStack,
    readonly members: FleetMember[],
    readonly tokenId: string,
  ) {}

  /** `agents` hosts, enrolled with one token of exactly that many uses; no daemon runs yet. */
  static async create(stack: ChaosStack, name: string, agents: number): Promise<ChaosFleet> {
    const { id, token } = await stack.enrollmentToken(agents);
    const members: FleetMember[] = [];
    for (let i = 1; i <= agents; i++) {
      const application = `CHAOS_${name.toUpperCase()}_${String(i).padStart(2, '0')}`;
      const host = await SimulatedSipHost.create(
        path.join(stack.dir, 'fleet'),
        {
          hostname: `${application.toLowerCase().replaceAll('_', '-')}.chaos`,
          application,
          mode: 'backup',
          version: '8.1.103.64',
          options: { 'backup-init-check': 'true', 'backup-init-check-timeout': '15' },
          componentDelaysMs: READY_FAST,
        },
        { url: stack.proxy.url, enrollmentToken: token },
      );
      // Results come from SIP Server starts (churn) and agent starts only: none appears on its own
      // once the churn stops, so the count of what was made is final when the fleet is quiet.
      const config = parse(await readFile(host.configPath, 'utf8'));
      config.agent = { ...config.agent, intervalSec: 0 };
      await writeFile(host.configPath, stringify(config));
      await host.start();
      members.push({
        host,
        application,
        runs: [],
        logFile: path.join(stack.dir, 'logs', `${application}.log`),
      });
    }
    return new ChaosFleet(stack, members, id);
  }

  get applications(): string[] {
    return this.members.map((member) => member.application);
  }

  /** Starts (or restarts) the daemon of a member. */
  startAgent(member: FleetMember): ChildRun {
    const run = spawnAgentDaemon(member.host.configPath, member.logFile);
    member.runs.push(run);
    void run.exited.then((code) => {
      if (run.expectedExit) return;
      this.unexpectedExits.push(`${member.application} exited on its own (code ${code})`);
    });
    return run;
  }

  startAgents(): void {
    for (const member of this.members) this.startAgent(member);
  }

  /** SIGTERM to the current daemon of a member; resolves with its exit code and how long it took. */
  async stopAgent(
    member: FleetMember,
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; ms: number }> {
    const run = member.runs.at(-1);
    if (!run?.running) return { code: run ? await run.exited : null, ms: 0 };
    run.expectedExit = true;
    const t0 = Date.now();
    const code = await run.signal(signal);
    return { code, ms: Date.now() - t0 };
  }

  async stopAgents(signal: NodeJS.Signals = 'SIGTERM'): Promise<(number | null)[]> {
    return Promise.all(this.members.map(async (member) => (await this.stopAgent(member, signal)).code));
  }

  /** The run ids of every result made so far, by every daemon run of every member. */
  generated(): string[] {
    return this.members.flatMap((member) => member.runs.flatMap((run) => runIdsOf(run.lines)));
  }

  /** Lines of the current run of `member` so far (to wait for the next check after this point). */
  checksSoFar(member: FleetMember): number {
    return runIdsOf(member.runs.at(-1)?.lines ?? []).length;
  }

  /** Resolves once the current daemon of `member` logs its next result (the worst moment to stop it). */
  async nextResult(member: FleetMember, timeoutMs: number): Promise<string> {
    const run = member.runs.at(-1)!;
    const [, runId] = await run.waitForLine(CHECK_LINE, timeoutMs, run.lines.length);
    return runId!;
  }

  /** Results waiting in the members' spools now. */
  async spooled(): Promise<number> {
    let total = 0;
    for (const member of this.members) {
      const names = await readdir(path.join(member.host.dir, 'standby-state/spool')).catch(() => []);
      total += names.filter((name) => SPOOL_ENTRY.test(name)).length;
    }
    return total;
  }

  /** The CheckRun rows stored for this fleet's hosts. */
  async storedRows(): Promise<string[]> {
    const rows = await this.stack.prisma.checkRun.findMany({
      where: { host: { application: { in: this.applications } } },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Every agent connected (its hello stored) and each host with a result stored. */
  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [connected, withResults] = await Promise.all([
        this.stack.prisma.agent.count({
          where: { connected: true, revokedAt: null, host: { application: { in: this.applications } } },
        }),
        this.stack.prisma.host.count({
          where: { application: { in: this.applications }, checkRuns: { some: {} } },
        }),
      ]).catch(() => [0, 0]);
      if (connected === this.members.length && withResults === this.members.length) return;
      if (Date.now() > deadline)
        throw new Error(
          `fleet not ready after ${timeoutMs / 1000} s: ${connected}/${this.members.length} connected, ${withResults} with a result`,
        );
      await sleep(200);
    }
  }

  /** SIP Servers restart every 1–2 s (each start is checked by its agent): results keep coming. */
  startChurn(minMs = 1_000, maxMs = 2_000): void {
    this.churning = true;
    this.churnLoops = this.members.map(async (member) => {
      while (this.churning) {
        await sleep(minMs + Math.random() * (maxMs - minMs));
        if (this.churning) await member.host.restart().catch(() => {});
      }
    });
  }

  /** No more SIP Server starts (a restart under way completes). */
  async haltChurn(): Promise<void> {
    this.churning = false;
    await Promise.all(this.churnLoops);
  }

  /** Waits until no new result has appeared for `quietMs` (a check under way has finished). */
  async waitQuiet(quietMs = 2_000, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let count = this.generated().length;
    let since = Date.now();
    while (Date.now() - since < quietMs && Date.now() < deadline) {
      await sleep(200);
      const now = this.generated().length;
      if (now !== count) {
        count = now;
        since = Date.now();
      }
    }
  }

  /** Members whose daemon says the dashboard refused it (an enrollment spent twice, say). */
  refusals(): string[] {
    return this.members.flatMap((member) =>
      member.runs.flatMap((run) =>
        run.lines
          .filter((line) =>
            /FORBIDDEN|already has an enrolled agent|used up|Not reconnecting|quarantine/.test(line),
          )
          .map((line) => `${member.application}: ${line}`),
      ),
    );
  }

  async dispose(): Promise<void> {
    await this.haltChurn();
    await this.stopAgents('SIGKILL');
    await Promise.all(this.members.map((member) => member.host.dispose()));
  }
}

export function runIdsOf(lines: readonly string[]): string[] {
  return lines.flatMap((line) => CHECK_LINE.exec(line)?.[1] ?? []);
}
