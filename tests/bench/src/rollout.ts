import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '@standby/db';
import { buildLoadHello } from '@standby/simulator/load';
import { startBenchDashboard } from './bench-dashboard';
import { describeCpu, startCpuSample } from './cpu-sampler';
import { startDbActivity } from './db-activity';
import { summarizeLatencies } from './latency-summary';
import { LoadWorkers } from './load-workers';
import { row } from './metric-row';
import { createOperatorClient } from './operator-client';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { listDescendants } from './proc-stats';
import { ResourceScope } from './resources';

const OPTION = 'backup-sip-port-check';
const APPLIED_TIMEOUT_MS = 180_000;

/** Polls until every command is applied; returns each one's ack time. Rejections fail the phase. */
async function waitUntilApplied(prisma: PrismaClient, commandIds: bigint[]): Promise<Date[]> {
  const deadline = Date.now() + APPLIED_TIMEOUT_MS;
  for (;;) {
    const rows = await prisma.agentCommand.findMany({
      where: { id: { in: commandIds } },
      select: { state: true, stateReason: true, ackedAt: true },
    });
    const rejected = rows.find((r) => r.state === 'rejected');
    if (rejected) throw new Error(`a command was rejected: ${rejected.stateReason}`);
    const applied = rows.filter((r) => r.state === 'applied');
    if (applied.length === commandIds.length) return applied.map((r) => r.ackedAt!);
    if (Date.now() > deadline) {
      throw new Error(
        `${applied.length} of ${commandIds.length} commands applied after ${APPLIED_TIMEOUT_MS} ms`,
      );
    }
    await sleep(50);
  }
}

/**
 * Option rollout: --rollout-agents agents, each with a socket (hello) and the real agent's command
 * channel (tRPC subscription, ledger, atomic options write, ack). An operator changes one option on
 * all of them; measured from the mutation call to the last "applied" ack. A first change (not
 * measured) proves every subscription is live, so the figure is not connection set-up.
 */
export async function runRolloutPhase({ options, dir, log }: TPhaseContext): Promise<TPhaseResult> {
  const scope = new ResourceScope(log);
  try {
    log('rollout: starting a dashboard on a fresh embedded PostgreSQL');
    const dashboard = await startBenchDashboard(scope, path.join(dir, 'dashboard'), options);
    const count = options.rolloutAgents;
    const hellos = Array.from({ length: count }, (_, index) => buildLoadHello(index));
    log(`rollout: enrolling ${count} agents`);
    const credentials = await dashboard.enrollAgents(hellos);
    const workers = LoadWorkers.start(scope, Math.min(options.loadWorkers, count));
    log(`rollout: starting ${count} agents (socket + command subscription each)`);
    await workers.startRollout(
      dashboard.url,
      hellos.map((hello, index) => ({ hello, credential: credentials[index]! })),
      path.join(dir, 'agents'),
    );
    const operator = createOperatorClient(dashboard.url, await dashboard.signIn('operator'));
    const hostIds = (await dashboard.prisma.host.findMany({ select: { id: true } })).map((h) => h.id);
    const change = async (value: string, reason: string) => {
      const started = Date.now();
      const outcome = await operator.commands.changeOptions.mutate({
        target: { kind: 'hosts', hostIds },
        values: { [OPTION]: value },
        reason,
      });
      const mutationMs = Date.now() - started;
      const ackedAt = await waitUntilApplied(dashboard.prisma, outcome.commandIds.map(BigInt));
      const sinceCall = ackedAt.map((at) => at.getTime() - started);
      return { commands: outcome.commandIds.length, unchanged: outcome.unchanged, mutationMs, sinceCall };
    };

    log(`rollout: warm-up change (${OPTION} = false) to ${hostIds.length} hosts`);
    const warmup = await change('false', 'bench warm-up');
    log(`rollout: measured change (${OPTION} = true)`);
    const cpu = startCpuSample({
      dashboard: () => [dashboard.pid],
      postgres: () => listDescendants(dashboard.pid),
      'agents (load generator)': () => workers.pids,
    });
    const activity = await startDbActivity(dashboard.prisma);
    const measured = await change('true', 'bench');
    const usage = cpu.stop();
    const db = await activity.stop();
    const perAgent = summarizeLatencies(measured.sinceCall);
    const cpuNote = `${describeCpu(usage)}; PostgreSQL commits: ${(db.commits / measured.commands).toFixed(1)} per command`;
    return {
      rows: [
        row(
          'rollout',
          `one option change to ${measured.commands} connected agents: all applied`,
          perAgent.max,
          'ms',
          {
            target: { op: '<', value: 5_000 },
            note: cpuNote,
          },
        ),
        row(
          'rollout',
          'of which the mutation (commands, change records, audit written)',
          measured.mutationMs,
          'ms',
        ),
        row('rollout', 'agent applied p50 (from the call)', perAgent.p50, 'ms'),
      ],
      details: {
        agents: count,
        option: OPTION,
        warmup: { ...warmup, sinceCall: summarizeLatencies(warmup.sinceCall) },
        measured: { ...measured, sinceCall: perAgent },
        cpu: usage,
        databaseActivity: db,
      },
    };
  } finally {
    await scope.release();
  }
}
