import { setTimeout as sleep } from 'node:timers/promises';
import { appRouter, type CommandBus, createCallerFactory } from '@standby/api';
import type { PrismaClient } from '@standby/db';
import { startBenchDashboard } from './bench-dashboard';
import { summarizeLatencies } from './latency-summary';
import { row } from './metric-row';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { timeQuery } from './query-timer';
import { ResourceScope } from './resources';
import { planSeed, seedHistory } from './seed-history';

// The caller's own sends need no wake-up: no agent is connected; acks are simulated in the database.
const IDLE_COMMAND_BUS: CommandBus = {
  waitForCommand: async () => {},
  notifyHosts: async () => {},
  notifyRevoked: async () => {},
  onRevoked: () => () => {},
  publishHostChanges: async () => {},
  onHostChanges: () => () => {},
};

const CANARY_HOSTS = 100;
const WAVE_HOSTS = 1_000;
const WAVE_SENT_TIMEOUT_MS = 120_000;

/**
 * What agents do for a wave, in one statement: every command of the wave applied, and each host's
 * SIP Server restarted with a passing check just after (a 'start' run, RUNNING).
 */
async function simulateWaveApplied(prisma: PrismaClient, rolloutId: string, wave: number): Promise<number> {
  return prisma.$executeRaw`
    WITH acked AS (
      UPDATE "AgentCommand" SET state = 'applied', "deliveredAt" = now(), "ackedAt" = now()
      WHERE "rolloutId" = ${rolloutId}::uuid AND wave = ${wave}
      RETURNING "hostId"
    )
    INSERT INTO "CheckRun" (id, "hostId", status, applicable, mode, "checkEnabled", "timeoutSec", trigger,
      "startedAt", "finishedAt", "durationMs", "portState", "serverStartedAt")
    SELECT gen_random_uuid(), "hostId", 'RUNNING', true, 'backup', true, 60, 'start',
      now() + interval '1 second', now() + interval '2 seconds', 1000, 'passed', now() + interval '1 second'
    FROM acked`;
}

/** Milliseconds until a node's rollout worker has sent `wave` (its sentAt set). */
async function waitForWaveSent(prisma: PrismaClient, rolloutId: string, wave: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const row = await prisma.rolloutWave.findUnique({
      where: { rolloutId_index: { rolloutId, index: wave } },
      select: { sentAt: true },
    });
    if (row?.sentAt) return performance.now() - started;
    if (performance.now() - started > WAVE_SENT_TIMEOUT_MS)
      throw new Error(`wave ${wave + 1} not sent after ${WAVE_SENT_TIMEOUT_MS} ms`);
    await sleep(20);
  }
}

/**
 * Staged rollout at scale: the bench fleet (--hosts hosts), a rollout of one option to all of them
 * (the fleet page's filter) in a canary of 100 hosts then waves of 1,000. Timed: creating it (planning
 * every host, storing the waves, sending the canary); the dashboard's own rollout worker judging a
 * wave whose acks and passing checks were written at once and sending the next wave of 1,000
 * (includes up to one worker poll, 1 s); the rollout page's read (live tallies).
 */
export async function runStagedRolloutPhase({ options, dir, log }: TPhaseContext): Promise<TPhaseResult> {
  const scope = new ResourceScope(log);
  try {
    log('staged-rollout: starting a dashboard on a fresh embedded PostgreSQL');
    const dashboard = await startBenchDashboard(scope, dir, options);
    await seedHistory(dashboard.databaseUrl, planSeed(options.hosts * 2, options.hosts), log);
    const caller = createCallerFactory(appRouter)({
      prisma: dashboard.prisma,
      user: { id: 'bench', email: 'operator@bench.standby', name: 'bench operator', role: 'operator' },
      agent: null,
      ip: null,
      commandBus: IDLE_COMMAND_BUS,
    });

    log(`staged-rollout: creating a rollout to ${options.hosts} hosts`);
    const createStarted = performance.now();
    const created = await caller.rollouts.create({
      target: { kind: 'filter', filter: {} },
      values: { 'backup-sip-port-check': 'false' },
      reason: 'bench staged rollout',
      plan: {
        canary: { unit: 'hosts', value: CANARY_HOSTS },
        next: { unit: 'hosts', value: WAVE_HOSTS },
        waveTimeoutSec: 3600,
      },
    });
    const createMs = performance.now() - createStarted;
    const { rolloutId } = created;

    log('staged-rollout: canary applied and checked; timing the worker sending wave 2 (1,000 hosts)');
    await simulateWaveApplied(dashboard.prisma, rolloutId, 0);
    const afterCanaryMs = await waitForWaveSent(dashboard.prisma, rolloutId, 1);
    log('staged-rollout: wave 2 applied and checked; timing the worker sending wave 3');
    const waveApplied = await simulateWaveApplied(dashboard.prisma, rolloutId, 1);
    const afterWaveMs = await waitForWaveSent(dashboard.prisma, rolloutId, 2);
    const commands = await dashboard.prisma.agentCommand.count({ where: { rolloutId } });

    log('staged-rollout: timing the rollout page read');
    const view = summarizeLatencies((await timeQuery(() => caller.rollouts.get({ rolloutId }))).samples);
    const hosts = options.hosts.toLocaleString('en-US');
    return {
      rows: [
        row(
          'staged-rollout',
          `create a rollout over ${hosts} hosts (plan, waves, canary sent)`,
          createMs,
          'ms',
          {
            note: `${created.hosts} hosts in ${created.waves} waves, ${created.unchanged} unchanged`,
          },
        ),
        row(
          'staged-rollout',
          `canary passed → wave of ${WAVE_HOSTS.toLocaleString('en-US')} sent by the worker`,
          afterCanaryMs,
          'ms',
          { note: 'includes up to one worker poll (1 s)' },
        ),
        row(
          'staged-rollout',
          `wave of ${waveApplied.toLocaleString('en-US')} judged passed → next wave sent`,
          afterWaveMs,
          'ms',
          { note: `${commands} commands sent so far` },
        ),
        row('staged-rollout', 'rollout page read (live tallies, hosts) p50', view.p50, 'ms'),
        row('staged-rollout', 'rollout page read p95', view.p95, 'ms'),
      ],
      details: { hosts: options.hosts, created, createMs, afterCanaryMs, afterWaveMs, commands, view },
    };
  } finally {
    await scope.release();
  }
}
