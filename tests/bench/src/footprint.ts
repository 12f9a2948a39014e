import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from '@standby/db';
import { SimulatedSipHost } from '@standby/simulator/host';
import { startBenchDashboard } from './bench-dashboard';
import { buildAgentBundle, startBundledAgent } from './bundled-agent-process';
import { startCpuSample } from './cpu-sampler';
import { measureIdleNodeRss, measureIdleTsxRss } from './footprint-baseline';
import { row } from './metric-row';
import { createOperatorClient } from './operator-client';
import type { TPhaseContext, TPhaseResult } from './phase-context';
import { readMemory } from './proc-stats';
import { ResourceScope } from './resources';

const IDLE_SETTLE_MS = 5_000;
const IDLE_WINDOW_MS = 10_000;
const RSS_TARGET_MB = 60;
// Components come up 2-3 s after each start of the simulated SIP Server: a check polls for that long.
const COMPONENT_DELAYS_MS = {
  't-controller': 2_000,
  'smart-proxy': 2_300,
  'interaction-proxy': 2_600,
  'operational-info': 3_000,
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Samples RSS every `everyMs` until `until` settles; returns the highest VmRSS seen, in MB. */
async function peakRssWhile(pid: number, until: Promise<unknown>, everyMs: number): Promise<number> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  let peakKb = 0;
  while (!done) {
    peakKb = Math.max(peakKb, readMemory(pid)?.rssKb ?? 0);
    await sleep(everyMs);
  }
  peakKb = Math.max(peakKb, readMemory(pid)?.rssKb ?? 0);
  return peakKb / 1024;
}

async function lastCheckAt(prisma: PrismaClient, hostId: string): Promise<Date | undefined> {
  return (
    (await prisma.host.findUnique({ where: { id: hostId }, select: { lastCheckAt: true } }))?.lastCheckAt ??
    undefined
  );
}

/**
 * Agent footprint: the real agent daemon, as shipped to hosts (the bundle run by plain Node), against
 * a simulated SIP Server host and a dashboard; RSS and CPU when idle after its first check, and
 * while a check ("run the check now") waits for the components. The tsx baseline says what running
 * it from source (`pnpm agent run`) adds.
 */
export async function runFootprintPhase({ options, dir, log }: TPhaseContext): Promise<TPhaseResult> {
  const scope = new ResourceScope(log);
  try {
    log('footprint: starting a dashboard on a fresh embedded PostgreSQL');
    const dashboard = await startBenchDashboard(scope, path.join(dir, 'dashboard'), options);
    const host = await SimulatedSipHost.create(
      path.join(dir, 'host'),
      {
        hostname: 'footprint.bench',
        application: 'SIP_FOOTPRINT',
        mode: 'backup',
        version: '8.1.103.64',
        options: {
          'backup-init-check': 'true',
          'backup-init-check-timeout': '60',
          'backup-sip-port-check': 'true',
        },
        componentDelaysMs: COMPONENT_DELAYS_MS,
      },
      { url: dashboard.url, enrollmentToken: await dashboard.enrollmentToken(1) },
    );
    scope.defer('simulated SIP Server', () => host.dispose());
    log('footprint: building the agent bundle and starting it (node dist/standby-agent.mjs run)');
    buildAgentBundle();
    const agent = startBundledAgent(['run', '--config', host.configPath]);
    scope.defer('agent process', () => agent.stop());

    const hostId = await waitFor(
      'the agent to connect',
      async () =>
        (await dashboard.prisma.agent.findFirst({ where: { connected: true }, select: { hostId: true } }))
          ?.hostId,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; agent output:\n${agent.output()}`);
    });
    // The agent checks at its own start; the SIP Server starts now, so that check sees it come up.
    await host.start();
    const firstCheck = await waitFor('the first check result', () => lastCheckAt(dashboard.prisma, hostId));

    log(`footprint: idle for ${(IDLE_SETTLE_MS + IDLE_WINDOW_MS) / 1_000} s`);
    await sleep(IDLE_SETTLE_MS);
    const idleCpu = startCpuSample({ agent: () => [agent.pid] });
    const idleRssMb = await peakRssWhile(agent.pid, sleep(IDLE_WINDOW_MS), 500);
    const idleCpuPercent = idleCpu.stop().groups.agent ?? 0;

    log('footprint: restarting the simulated SIP Server and asking for a check now');
    const operator = createOperatorClient(dashboard.url, await dashboard.signIn('operator'));
    await host.restart();
    const checkCpu = startCpuSample({ agent: () => [agent.pid] });
    const checkStarted = performance.now();
    const checked = (async () => {
      await operator.commands.runCheckNow.mutate({ target: { kind: 'hosts', hostIds: [hostId] } });
      await waitFor('the commanded check result', async () => {
        const at = await lastCheckAt(dashboard.prisma, hostId);
        return at && at > firstCheck ? at : undefined;
      });
    })();
    const checkRssMb = await peakRssWhile(agent.pid, checked, 100);
    await checked;
    const checkSeconds = (performance.now() - checkStarted) / 1_000;
    const checkCpuPercent = checkCpu.stop().groups.agent ?? 0;
    const memory = readMemory(agent.pid);
    await agent.stop();
    log('footprint: baselines (empty script under tsx, plain node)');
    const idleTsxMb = await measureIdleTsxRss(dir);
    const idleNodeMb = await measureIdleNodeRss();

    const how = '`node apps/agent/dist/standby-agent.mjs run` (the bundle shipped to hosts), connected';
    return {
      rows: [
        row('footprint', 'idle agent RSS', idleRssMb, 'MB', {
          target: { op: '<', value: RSS_TARGET_MB },
          note: how,
        }),
        row('footprint', 'idle agent CPU', idleCpuPercent, '% of a core', {
          note: `over ${IDLE_WINDOW_MS / 1_000} s, ${IDLE_SETTLE_MS / 1_000} s after its first check; connected (socket + command subscription)`,
        }),
        row('footprint', 'agent RSS during a check (peak)', checkRssMb, 'MB'),
        row('footprint', 'agent CPU during a check', checkCpuPercent, '% of a core', {
          note: `"run the check now" to result stored: ${checkSeconds.toFixed(1)} s, components polled every 100 ms until ready (2-3 s)`,
        }),
        row('footprint', 'baseline: empty script under tsx, node process RSS', idleTsxMb, 'MB'),
        row('footprint', 'baseline: empty script under plain node, RSS', idleNodeMb, 'MB'),
      ],
      details: {
        agentPid: agent.pid,
        idleRssMb,
        idleCpuPercent,
        checkRssMb,
        checkCpuPercent,
        checkSeconds,
        agentPeakRssMb: (memory?.peakRssKb ?? Number.NaN) / 1024,
        idleTsxBaselineMb: idleTsxMb,
        idleNodeBaselineMb: idleNodeMb,
        runsUnderTsx: false,
      },
    };
  } finally {
    await scope.release();
  }
}
