import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TAck } from '@standby/protocol';
import {
  ACK_TIMEOUT_MS,
  buildLoadHello,
  buildSyntheticResult,
  type ConnectedLoadAgent,
  connectLoadAgents,
} from '@standby/simulator/load';
import { type TReceivedNotice, WebhookReceiver } from './alert-receiver';
import { startBenchDashboard } from './bench-dashboard';
import { describeCpu, startCpuSample, type TCpuUsage, type TProcessGroups } from './cpu-sampler';
import { summarizeLatencies, type TLatencySummary } from './latency-summary';
import { row, type TMetricRow } from './metric-row';
import { createOperatorClient } from './operator-client';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { listDescendants } from './proc-stats';
import { formatTable } from './report';
import { ResourceScope } from './resources';
import { createSocketIoConnector } from './socket-io-connector';

/**
 * STANDBY_ALERT_HOLD_DOWN_SEC for the bench's dashboard. 0: a condition is due as soon as it opens (or
 * closes), so the figures are the pipeline alone — verdict commit, worker pass, claim, HTTP. In
 * production the hold-down (default 60 s) comes on top of every trigger and every resolve.
 */
const HOLD_DOWN_SEC = 0;
/** The alert worker's poll interval (alert-worker.ts default; startDashboard is left at it). */
const WORKER_POLL_MS = 1_000;
const CONDITION = 'would-not-serve';
/** buildSyntheticResult: sequence 49 fails (SERVICE_UNAVAILABLE, Interaction Proxy timed out); 0 passes. */
const FAILING_SEQUENCE = 49;
const PASSING_SEQUENCE = 0;
/** A notice later than this counts as missing (a failed send is retried after 5 s, then 10 s). */
const NOTICE_TIMEOUT_MS = 30_000;
/** After the last notice: three worker passes, for a duplicate or a stray notice to show up. */
const GRACE_MS = 3 * WORKER_POLL_MS;
const SETTLE_TIMEOUT_MS = 60_000;

type TKind = 'trigger' | 'resolve';

/**
 * A random wait under one worker poll. A result sent right when a notice arrived would land just
 * after the worker's pass began, and wait a whole poll every time: this spreads the emits over the
 * poll's phase, as real failures are.
 */
const offPhase = () => Math.random() * WORKER_POLL_MS;

/** One result and the notice it led to, on the bench's clock (Date.now()). */
interface TLeg {
  emittedAtMs: number;
  ackedAtMs: number;
  /** null: no notice within NOTICE_TIMEOUT_MS. */
  receivedAtMs: number | null;
}

interface TCycle {
  trigger: TLeg;
  resolve: TLeg;
}

/** Matches each webhook to the host and kind the bench is waiting for; anything else is a stray. */
class NoticeRouter {
  private readonly waiting = new Map<string, (receivedAtMs: number) => void>();
  private readonly deliveries = new Map<string, number>();
  readonly received: TReceivedNotice[] = [];
  readonly strays: TReceivedNotice[] = [];

  handle(notice: TReceivedNotice): void {
    this.received.push(notice);
    this.deliveries.set(notice.delivery, (this.deliveries.get(notice.delivery) ?? 0) + 1);
    const key = `${notice.hostId}:${notice.kind}`;
    const waiter = notice.condition === CONDITION ? this.waiting.get(key) : undefined;
    if (!waiter) {
      this.strays.push(notice);
      return;
    }
    this.waiting.delete(key);
    waiter(notice.receivedAtMs);
  }

  /** Call before emitting the result: resolves with the notice's arrival, or null after the timeout. */
  expect(hostId: string, kind: TKind): Promise<number | null> {
    const key = `${hostId}:${kind}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(null);
      }, NOTICE_TIMEOUT_MS);
      this.waiting.set(key, (receivedAtMs) => {
        clearTimeout(timer);
        resolve(receivedAtMs);
      });
    });
  }

  get badSignatures(): number {
    return this.received.filter((notice) => notice.signature !== 'valid').length;
  }

  /** Notices received more than once under the same X-Standby-Delivery (a repeat). */
  get repeatedDeliveries(): number {
    return [...this.deliveries.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  }
}

/** Emits one check result over the agent's socket (its emit time is t0) and waits for the ack (commit). */
async function emitResult(
  agent: ConnectedLoadAgent,
  failing: boolean,
): Promise<Pick<TLeg, 'emittedAtMs' | 'ackedAtMs'>> {
  const emittedAtMs = Date.now();
  const result = buildSyntheticResult(emittedAtMs, failing ? FAILING_SEQUENCE : PASSING_SEQUENCE);
  const ack = (await agent.socket.request(
    'check:finished',
    { result, replayed: false },
    ACK_TIMEOUT_MS,
  )) as TAck<{ runId: string; stored: boolean }>;
  if (!ack.ok) throw new Error(`check:finished of host ${agent.hostId} refused: ${ack.error.message}`);
  if (!ack.data.stored) throw new Error(`check:finished of host ${agent.hostId} acked but not stored`);
  return { emittedAtMs, ackedAtMs: Date.now() };
}

/** A failing result (kind trigger) or a passing one (resolve), and the webhook it should cause. */
async function runLeg(router: NoticeRouter, agent: ConnectedLoadAgent, kind: TKind): Promise<TLeg> {
  const arrival = router.expect(agent.hostId, kind);
  const sent = await emitResult(agent, kind === 'trigger');
  return { ...sent, receivedAtMs: await arrival };
}

interface TLegStats {
  received: number;
  latencyMs: TLatencySummary;
  /** From the ack (the verdict and its alert committed) to the webhook: the alert worker's share. */
  afterAckMs: TLatencySummary;
  /** From the first result emitted to the last notice in (a burst: until the whole storm is out). */
  allInMs: number | null;
  /** Notices per second between the first and the last to arrive (a burst: the worker draining it). */
  drainPerSecond: number | null;
}

function legStats(legs: readonly TLeg[]): TLegStats {
  const arrived = legs.filter((leg): leg is TLeg & { receivedAtMs: number } => leg.receivedAtMs !== null);
  const firstEmit = Math.min(...legs.map((leg) => leg.emittedAtMs));
  const firstIn = Math.min(...arrived.map((leg) => leg.receivedAtMs));
  const lastIn = Math.max(...arrived.map((leg) => leg.receivedAtMs));
  return {
    received: arrived.length,
    latencyMs: summarizeLatencies(arrived.map((leg) => leg.receivedAtMs - leg.emittedAtMs)),
    afterAckMs: summarizeLatencies(arrived.map((leg) => leg.receivedAtMs - leg.ackedAtMs)),
    allInMs: arrived.length ? lastIn - firstEmit : null,
    drainPerSecond:
      arrived.length > 1 && lastIn > firstIn ? (arrived.length - 1) / ((lastIn - firstIn) / 1_000) : null,
  };
}

function latencyRows(label: string, stats: TLegStats, note?: string): TMetricRow[] {
  const { latencyMs: s } = stats;
  return [
    row('alerts', `${label} p50`, s.p50, 'ms'),
    row('alerts', `${label} p95`, s.p95, 'ms'),
    row('alerts', `${label} p99`, s.p99, 'ms'),
    row('alerts', `${label} max`, s.max, 'ms', note ? { note } : {}),
  ];
}

/** Polls until `done` holds; throws with `what` after the timeout. */
async function waitUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${SETTLE_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}

/**
 * Alert latency (issue 14): N backup hosts on real agent sockets, a webhook channel to a receiver on
 * loopback. Each host sends a failing result (a component timeout), the receiver times the signed
 * trigger; then a passing one, and the resolve. Twice: paced (the failures spread over --duration s,
 * each host passing again as soon as its trigger is in) for the latency of one alert, then a burst
 * (every host fails at once, then every host passes) for the throughput of an alert storm.
 */
export async function runAlertsPhase({ options, dir, log }: TPhaseContext): Promise<TPhaseResult> {
  const scope = new ResourceScope(log);
  try {
    const count = options.alertHosts;
    log(
      `alerts: starting a dashboard with STANDBY_ALERT_HOLD_DOWN_SEC=${HOLD_DOWN_SEC} (default 60 s): ` +
        'the latencies are the alert pipeline alone; in production the hold-down adds to every trigger and resolve',
    );
    const dashboard = await startBenchDashboard(scope, dir, {
      alertHoldDownSec: HOLD_DOWN_SEC,
      profileDir: options.profileDir,
    });
    const hellos = Array.from({ length: count }, (_, index) => ({
      ...buildLoadHello(index),
      mode: 'backup' as const,
    }));
    log(`alerts: enrolling ${count} backup hosts (check on)`);
    const credentials = await dashboard.enrollAgents(hellos);
    let disconnects = 0;
    const agents = await connectLoadAgents(
      createSocketIoConnector(() => disconnects++),
      dashboard.url,
      hellos.map((hello, index) => ({ hello, credential: credentials[index]! })),
    );
    scope.defer('agent sockets', () => {
      for (const agent of agents) agent.socket.close();
    });

    // Every host passes first; alerts from before (unknown until the hello) finish with no channel yet.
    log(`alerts: ${count} agents connected; a passing result from each, then waiting for alerts to settle`);
    await Promise.all(agents.map((agent) => emitResult(agent, false)));
    await waitUntil(
      'alerts from before the first results finished',
      async () => (await dashboard.prisma.alert.count({ where: { finishedAt: null } })) === 0,
    );
    const settledAlerts = await dashboard.prisma.alert.count();

    const router = new NoticeRouter();
    const secret = randomBytes(24).toString('hex');
    const receiver = await WebhookReceiver.start(scope, secret, (notice) => router.handle(notice));
    const admin = createOperatorClient(dashboard.url, await dashboard.signIn('admin'));
    await admin.alerts.createChannel.mutate({
      name: 'bench receiver',
      config: { kind: 'webhook', url: receiver.url, secret },
    });
    log(`alerts: webhook channel to ${receiver.url} created over HTTP (built-in rule routes ${CONDITION})`);

    const groups: TProcessGroups = {
      dashboard: () => [dashboard.pid],
      postgres: () => listDescendants(dashboard.pid),
      'bench (agents, receiver)': () => [process.pid],
    };

    // Paced: one host fails every duration/N; each passes again once its trigger is in.
    const spacingMs = (options.durationSec * 1_000) / count;
    log(
      `alerts: paced — ${count} failures spread over ${options.durationSec} s (${(count / options.durationSec).toFixed(1)}/s), each followed by a pass once its trigger arrived`,
    );
    let cpuSample = startCpuSample(groups);
    const pacedStart = Date.now() + 100;
    const paced: TCycle[] = await Promise.all(
      agents.map(async (agent, index) => {
        await sleep(Math.max(0, pacedStart + index * spacingMs - Date.now()));
        const trigger = await runLeg(router, agent, 'trigger');
        await sleep(offPhase());
        return { trigger, resolve: await runLeg(router, agent, 'resolve') };
      }),
    );
    const pacedCpu = cpuSample.stop();

    // Burst: every host fails at once; once every trigger is in (or late), every host passes at once.
    log(`alerts: burst — ${count} hosts fail at once, then pass at once`);
    cpuSample = startCpuSample(groups);
    await sleep(offPhase());
    const burstTriggers = await Promise.all(agents.map((agent) => runLeg(router, agent, 'trigger')));
    await sleep(offPhase());
    const burstResolves = await Promise.all(agents.map((agent) => runLeg(router, agent, 'resolve')));
    const burstCpu: TCpuUsage = cpuSample.stop();
    await sleep(GRACE_MS);

    const deliveries = await dashboard.prisma.alertDelivery.groupBy({
      by: ['kind', 'state'],
      _count: { _all: true },
    });
    const deliveryStates = Object.fromEntries(
      deliveries.map((group) => [`${group.kind}:${group.state}`, group._count._all]),
    );

    const stats = {
      paced: {
        trigger: legStats(paced.map((cycle) => cycle.trigger)),
        resolve: legStats(paced.map((cycle) => cycle.resolve)),
      },
      burst: { trigger: legStats(burstTriggers), resolve: legStats(burstResolves) },
    };
    const matched = [stats.paced.trigger, stats.paced.resolve, stats.burst.trigger, stats.burst.resolve];
    const expected = 4 * count;
    const got = matched.reduce((sum, s) => sum + s.received, 0);
    const problems = [
      ...(['paced', 'burst'] as const).flatMap((round) =>
        (['trigger', 'resolve'] as const).flatMap((kind) =>
          stats[round][kind].received === count
            ? []
            : [`${round}: ${stats[round][kind].received} of ${count} ${kind}s arrived`],
        ),
      ),
      ...(router.strays.length
        ? [
            `${router.strays.length} unexpected notice(s), e.g. ${router.strays
              .slice(0, 3)
              .map((n) => `${n.kind} ${n.condition} host ${n.hostId}`)
              .join('; ')}`,
          ]
        : []),
      ...(router.badSignatures ? [`${router.badSignatures} notice(s) without a valid signature`] : []),
      ...(router.repeatedDeliveries ? [`${router.repeatedDeliveries} repeated deliveries`] : []),
      ...(disconnects ? [`${disconnects} agent socket(s) dropped`] : []),
      ...(deliveryStates['trigger:sent'] === 2 * count &&
      deliveryStates['resolve:sent'] === 2 * count &&
      Object.keys(deliveryStates).length === 2
        ? []
        : [
            `deliveries in the database: ${JSON.stringify(deliveryStates)} (expected ${2 * count} of each kind sent)`,
          ]),
    ];
    const countNote =
      `expected exactly one ${CONDITION} trigger and one resolve per host per round (${expected}); ` +
      `${router.received.length} webhooks received in all, ${router.strays.length} unexpected, ` +
      `${router.badSignatures} without a valid X-Standby-Signature, ${router.repeatedDeliveries} repeated X-Standby-Delivery; ` +
      `deliveries in the database: ${JSON.stringify(deliveryStates)}`;

    const pacing = `${count} hosts, one failure every ${spacingMs.toFixed(0)} ms`;
    const rows: TMetricRow[] = [
      ...latencyRows('paced, trigger: failing result emitted → signed webhook in', stats.paced.trigger),
      row(
        'alerts',
        'paced, trigger: of which after the ack (verdict committed → webhook in) p50',
        stats.paced.trigger.afterAckMs.p50,
        'ms',
      ),
      ...latencyRows(
        'paced, resolve: passing result emitted → signed webhook in',
        stats.paced.resolve,
        `${pacing}; hold-down ${HOLD_DOWN_SEC} s, worker poll ${WORKER_POLL_MS} ms; ${describeCpu(pacedCpu)}`,
      ),
      ...latencyRows(`burst of ${count}, trigger`, stats.burst.trigger),
      ...latencyRows(`burst of ${count}, resolve`, stats.burst.resolve),
      ...(['trigger', 'resolve'] as const).flatMap((kind) => [
        row(
          'alerts',
          `burst of ${count}: all ${kind}s in (first result emitted → last webhook in)`,
          stats.burst[kind].allInMs,
          'ms',
        ),
        row(
          'alerts',
          `burst of ${count}: ${kind}s/s while draining (first → last webhook in)`,
          stats.burst[kind].drainPerSecond,
          '/s',
          kind === 'resolve' ? { note: describeCpu(burstCpu) } : {},
        ),
      ]),
      row('alerts', 'notices matched (2 triggers + 2 resolves per host)', got, '', { note: countNote }),
    ];
    if (problems.length) {
      process.stderr.write(`\n${formatTable(rows)}\n\n`);
      throw new Error(`alerts: ${problems.join('; ')}`);
    }
    return {
      rows,
      details: {
        hosts: count,
        holdDownSec: HOLD_DOWN_SEC,
        workerPollMs: WORKER_POLL_MS,
        paced: { durationSec: options.durationSec, spacingMs, ...stats.paced, cpu: pacedCpu },
        burst: { ...stats.burst, cpu: burstCpu },
        alertsBeforeChannel: settledAlerts,
        webhooksReceived: router.received.length,
        strays: router.strays.slice(0, 20),
        badSignatures: router.badSignatures,
        repeatedDeliveries: router.repeatedDeliveries,
        deliveryStates,
        socketDrops: disconnects,
      },
    };
  } finally {
    await scope.release();
  }
}
