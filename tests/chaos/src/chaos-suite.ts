// The fault-injection suite (`pnpm chaos`): real agent daemons, a real dashboard and PostgreSQL, and a
// misbehaving network between them. Each scenario counts every result an agent made against the
// CheckRun rows stored: all stored, none twice, all within a bound after the fault ends.
import { ChaosFleet } from './chaos-fleet';
import type { ChaosStack } from './chaos-stack';

export interface ChaosOptions {
  /** Agents (simulated hosts, each with its daemon) per scenario. */
  agents: number;
  /** How long a fault lasts (blackhole, database down or frozen). */
  faultSec: number;
  /** Every result made must be stored within this many seconds after the fault ends. */
  drainBoundSec: number;
  log: (line: string) => void;
}

export interface ScenarioFigures {
  id: string;
  title: string;
  agents: number;
  /** Results the agents made (distinct run ids in their logs). */
  generated: number;
  /** Of those, stored in CheckRun. */
  stored: number;
  lost: number;
  /** CheckRun rows beyond one per run id. */
  duplicated: number;
  /** Seconds from the end of the fault until every result made so far was stored; null: not within the bound. */
  drainSec: number | null;
  notes: string[];
  failures: string[];
}

interface ScenarioContext {
  stack: ChaosStack;
  fleet: ChaosFleet;
  options: ChaosOptions;
  note(line: string): void;
  fail(line: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  /** Before the daemons start. */
  before?(ctx: ScenarioContext): void;
  /** Wait for every agent to be connected, with a result stored, before the fault (default true). */
  warmUp?: boolean;
  /** Injects the fault; resolves with the time it ended (recovery begins). */
  inject(ctx: ScenarioContext): Promise<number>;
  /** Checks of its own once everything is counted. */
  after?(ctx: ScenarioContext): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

const storedCount = async (fleet: ChaosFleet) => (await fleet.storedRows()).length;

/** Every member's current daemon has said it is connected (its hello acknowledged). */
const allConnected = async (fleet: ChaosFleet) =>
  fleet.members.every((member) =>
    member.runs.at(-1)?.lines.some((line) => line.includes('connected to dashboard as host')),
  );

/** Blackholes the link until agents have a backlog, then lets them reconnect and replay it slowly. */
async function backlogThenReplay(ctx: ScenarioContext, holdMs: number): Promise<void> {
  const { proxy } = ctx.stack;
  proxy.blackhole();
  await sleep(holdMs);
  ctx.note(`backlog ${await ctx.fleet.spooled()} results spooled after ${holdMs / 1000} s of blackhole`);
  // 100 ms each way: the replay takes long enough for the next fault to land in it.
  proxy.delayMs = 100;
  proxy.cut();
  proxy.heal();
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'a',
    title: 'link drop during replay',
    async inject(ctx) {
      const { proxy } = ctx.stack;
      await backlogThenReplay(ctx, ctx.options.faultSec * 1000);
      let landed = 0;
      for (let i = 0; i < 3; i++) {
        const before = await storedCount(ctx.fleet);
        await waitUntil(async () => (await storedCount(ctx.fleet)) > before, 'the replay to resume', 20_000);
        await sleep(100 + Math.random() * 300);
        if ((await ctx.fleet.spooled()) > 0) landed++;
        proxy.cut();
      }
      ctx.note(`${landed}/3 cuts landed while results were still spooled`);
      return Date.now();
    },
  },
  {
    id: 'b1',
    title: 'database stopped',
    async inject(ctx) {
      await ctx.stack.stopDatabase();
      ctx.stack.proxy.cut(); // every agent reconnects while the credential cannot be checked
      await sleep(ctx.options.faultSec * 1000);
      const refused = ctx.fleet.members.filter((member) =>
        member.runs.at(-1)?.lines.some((line) => line.includes('refused the connection for now')),
      ).length;
      ctx.note(
        `${refused}/${ctx.fleet.members.length} agents were refused for now (INTERNAL) while it was down`,
      );
      await ctx.stack.startDatabase();
      return Date.now();
    },
  },
  {
    id: 'b2',
    title: 'database hang (SIGSTOP)',
    async inject(ctx) {
      // Long enough for the results in flight to miss their 15 s ack (resent on the same connection),
      // then every agent reconnects into a handshake that hangs too.
      const frozen = await ctx.stack.freezeDatabase();
      try {
        await sleep(Math.max(16, ctx.options.faultSec) * 1000);
        ctx.stack.proxy.cut();
        await sleep(3_000);
      } finally {
        frozen.thaw();
      }
      const timedOut = ctx.fleet.members.filter((member) =>
        member.runs.at(-1)?.lines.some((line) => / not acknowledged \(/.test(line)),
      ).length;
      ctx.note(
        `${timedOut}/${ctx.fleet.members.length} agents saw their ack time out, then reconnected into the hang`,
      );
      return Date.now();
    },
  },
  {
    id: 'c',
    title: 'lost enrollment answer',
    warmUp: false,
    before(ctx) {
      ctx.stack.proxy.dropEnrollAnswers = true;
    },
    async inject(ctx) {
      const { proxy } = ctx.stack;
      const agents = ctx.fleet.members.length;
      await waitUntil(
        async () => proxy.stats.droppedEnrollAnswers >= agents,
        `${agents} enrollment answers to be lost`,
        60_000,
      );
      const lostAt = Date.now();
      ctx.note(`${proxy.stats.droppedEnrollAnswers} enrollment answers lost after the dashboard committed`);
      // Results keep coming (spooled) until each agent's retry is answered and it connects.
      await waitUntil(
        () => allConnected(ctx.fleet),
        'every agent enrolled and connected',
        ctx.options.drainBoundSec * 1000,
      );
      return lostAt;
    },
    async after(ctx) {
      const applications = ctx.fleet.applications;
      const [agents, token] = await Promise.all([
        ctx.stack.prisma.agent.count({
          where: { revokedAt: null, host: { application: { in: applications } } },
        }),
        ctx.stack.prisma.enrollmentToken.findUniqueOrThrow({ where: { id: ctx.fleet.tokenId } }),
      ]);
      if (agents !== applications.length)
        ctx.fail(`${agents} agents enrolled for ${applications.length} hosts`);
      if (token.usesLeft !== 0)
        ctx.fail(`the token has ${token.usesLeft} uses left: each host should have spent one, once`);
    },
  },
  {
    id: 'd',
    title: 'SIGTERM right after a check, send in flight',
    async inject(ctx) {
      const { proxy } = ctx.stack;
      // Each agent is stopped as it logs a result (which is spooled first), while the result is being
      // spooled or sent; the ack comes back at once, within the stop's 5 s grace, or not in time
      // (the dashboard stores it after the agent is gone: the restarted agent resends a stored result).
      const rounds = [
        { delayMs: 0, afterMs: [0, 0] },
        { delayMs: 1_500, afterMs: [20, 120] },
        { delayMs: 7_000, afterMs: [20, 120] },
      ];
      for (const { delayMs, afterMs } of rounds) {
        await waitUntil(() => allConnected(ctx.fleet), 'every agent connected', 60_000);
        proxy.delayMs = delayMs;
        const stops = await Promise.all(
          ctx.fleet.members.map(async (member) => {
            await ctx.fleet.nextResult(member, 20_000);
            await sleep(afterMs[0]! + Math.random() * (afterMs[1]! - afterMs[0]!));
            const stopped = await ctx.fleet.stopAgent(member);
            if (stopped.code !== 0)
              ctx.fail(`${member.application}: exit code ${stopped.code} after SIGTERM`);
            return stopped.ms;
          }),
        );
        const waited = stops.filter((ms) => ms > 1_000).length;
        const graceOut = stops.filter((ms) => ms > 4_900).length;
        ctx.note(
          `ack delay ${delayMs / 1000} s: ${stops.length} SIGTERMs; ${waited} waited for an ack in flight, ` +
            `${graceOut} gave up at the 5 s grace; longest stop ${(Math.max(...stops) / 1000).toFixed(1)} s`,
        );
        proxy.delayMs = 0;
        for (const member of ctx.fleet.members) ctx.fleet.startAgent(member);
      }
      return Date.now();
    },
  },
  {
    id: 'e',
    title: 'dashboard kill -9 during replay',
    async inject(ctx) {
      const { stack } = ctx;
      await backlogThenReplay(ctx, ctx.options.faultSec * 750);
      const before = await storedCount(ctx.fleet);
      await waitUntil(async () => (await storedCount(ctx.fleet)) > before + 1, 'the replay to begin', 20_000);
      const pending = await ctx.fleet.spooled();
      await stack.killDashboard();
      ctx.note(`dashboard killed (SIGKILL) with ${pending} results still spooled`);
      await sleep(2_000);
      stack.proxy.delayMs = 0;
      await stack.startDashboard();
      return Date.now();
    },
  },
];

/** Runs one scenario on a fresh fleet and counts. */
export async function runScenario(
  stack: ChaosStack,
  scenario: Scenario,
  options: ChaosOptions,
): Promise<ScenarioFigures> {
  const figures: ScenarioFigures = {
    id: scenario.id,
    title: scenario.title,
    agents: options.agents,
    generated: 0,
    stored: 0,
    lost: 0,
    duplicated: 0,
    drainSec: null,
    notes: [],
    failures: [],
  };
  const log = (line: string) => options.log(`(${scenario.id}) ${line}`);
  const fleet = await ChaosFleet.create(stack, scenario.id, options.agents);
  const ctx: ScenarioContext = {
    stack,
    fleet,
    options,
    note: (line) => {
      figures.notes.push(line);
      log(line);
    },
    fail: (line) => {
      figures.failures.push(line);
      log(`FAIL ${line}`);
    },
  };
  try {
    scenario.before?.(ctx);
    fleet.startAgents();
    fleet.startChurn();
    if (scenario.warmUp ?? true) {
      await fleet.waitReady(90_000);
      await sleep(2_000);
    }
    log(`fault: ${scenario.title}`);
    const madeBefore = fleet.generated().length;
    const recoveredAt = await scenario.inject(ctx);
    ctx.note(`${fleet.generated().length - madeBefore} results made during the fault`);
    stack.proxy.restore();
    // No new SIP Server starts from here: what was made is delivered, or not.
    await fleet.haltChurn();
    const deadline = recoveredAt + options.drainBoundSec * 1000;
    for (;;) {
      const stored = new Set(await fleet.storedRows().catch(() => []));
      if (fleet.generated().every((id) => stored.has(id))) {
        figures.drainSec = (Date.now() - recoveredAt) / 1000;
        break;
      }
      if (Date.now() > deadline) {
        ctx.fail(`not all delivered within ${options.drainBoundSec} s of recovery`);
        break;
      }
      await sleep(200);
    }
    await fleet.waitQuiet();
    // A clean stop: a result made meanwhile is acked within the stop's grace (the link is fine now).
    const codes = await fleet.stopAgents('SIGTERM');
    const unclean = codes.filter((code) => code !== 0);
    if (unclean.length)
      ctx.fail(`${unclean.length} agents did not stop cleanly (exit ${unclean.join(', ')})`);
    const generated = fleet.generated();
    const made = new Set(generated);
    if (made.size !== generated.length) ctx.fail(`${generated.length - made.size} run ids logged twice`);
    await waitUntil(
      async () => {
        const stored = new Set(await fleet.storedRows());
        return [...made].every((id) => stored.has(id));
      },
      'the last results',
      10_000,
    ).catch(() => {});
    const rows = await fleet.storedRows();
    const stored = new Set(rows);
    figures.generated = made.size;
    figures.stored = [...made].filter((id) => stored.has(id)).length;
    figures.lost = figures.generated - figures.stored;
    figures.duplicated = rows.length - stored.size;
    const unexpected = [...stored].filter((id) => !made.has(id));
    if (figures.lost) ctx.fail(`${figures.lost} results lost (${await fleet.spooled()} still in spools)`);
    if (figures.duplicated) ctx.fail(`${figures.duplicated} results stored twice`);
    if (unexpected.length) ctx.fail(`${unexpected.length} stored results no agent logged`);
    for (const refusal of fleet.refusals().slice(0, 3)) ctx.fail(`refused: ${refusal}`);
    for (const exit of fleet.unexpectedExits) ctx.fail(exit);
    await scenario.after?.(ctx);
  } catch (error) {
    ctx.fail((error as Error).message);
  } finally {
    await fleet.dispose().catch((error: Error) => log(`fleet cleanup failed: ${error.message}`));
    await stack.ensureHealthy().catch((error: Error) => ctx.fail(`stack not restored: ${error.message}`));
  }
  return figures;
}

/** The figures as a table, one row per scenario. */
export function formatTable(rows: ScenarioFigures[]): string {
  const header = ['scenario', 'agents', 'generated', 'stored', 'lost', 'duplicated', 'drain s', 'result'];
  const body = rows.map((row) => [
    `(${row.id}) ${row.title}`,
    String(row.agents),
    String(row.generated),
    String(row.stored),
    String(row.lost),
    String(row.duplicated),
    row.drainSec === null ? '—' : row.drainSec.toFixed(1),
    row.failures.length ? 'FAIL' : 'ok',
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}
