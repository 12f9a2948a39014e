// Prometheus /metrics of both processes, scraped over real HTTP after real activity: a real agent
// reporting through a cuttable TCP link to a real dashboard on a real PostgreSQL. Parsed with a real
// parser of the text format, as Prometheus would read it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AgentInstance, startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { HOST_STATUSES, HOST_VERDICTS } from '@standby/domain';
import type { SimulatedSipHost } from '@standby/simulator/host';
import { type ScrapedMetrics, scrapeMetrics } from '@standby/telemetry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CuttableLink } from './delivery-faults';
import { browserClient, enrolledHost } from './fixtures';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

describe('Prometheus /metrics on the dashboard and the agent', { timeout: 120_000 }, () => {
  let dir: string;
  let dashboard: TestDashboard;
  let link: CuttableLink;
  let host: SimulatedSipHost;
  let agent: AgentInstance;
  let agentMetricsUrl: string;
  let dashboardMetricsUrl: string;
  let hostId: string;

  const scrapeDashboard = () => scrapeMetrics(dashboardMetricsUrl);
  const scrapeAgent = () => scrapeMetrics(agentMetricsUrl);
  const storedRuns = () => dashboard.prisma.checkRun.count({ where: { hostId } });
  /** Waits until a scrape satisfies `accept` (gauges read at scrape time, counters after acks). */
  const scrapeUntil = (
    scrape: () => Promise<ScrapedMetrics>,
    accept: (m: ScrapedMetrics) => boolean,
    what: string,
  ) =>
    waitFor(async () => {
      const scraped = await scrape();
      return accept(scraped) ? scraped : undefined;
    }, what);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-metrics-'));
    // The test's requests come from 127.0.0.1, a trusted proxy: X-Forwarded-For names the client.
    dashboard = await startTestDashboard({
      dir: path.join(dir, 'dashboard'),
      trustedProxies: ['127.0.0.1'],
      metrics: { token: METRICS_TOKEN },
    });
    dashboardMetricsUrl = `http://127.0.0.1:${dashboard.port}/metrics`;
    link = await CuttableLink.start(dashboard.port);
    host = await enrolledHost(
      path.join(dir, 'fleet'),
      { url: link.url, enrollmentToken: () => dashboard.enrollmentToken() },
      'METRICS_B',
      'METRICS_PAIR',
    );
    const config = await loadAgentConfig(host.configPath);
    config.agent.intervalSec = 0;
    config.agent.metrics = { port: 0, host: '127.0.0.1' };
    agent = startAgent({ config, log: () => {} });
    const url = await agent.metricsUrl;
    if (!url) throw new Error('the agent did not serve metrics');
    agentMetricsUrl = url;
    hostId = await waitFor(
      () =>
        dashboard.prisma.host
          .findFirst({ where: { application: 'METRICS_B' }, select: { id: true } })
          .then((row) => row?.id),
      'the host registered',
    );
  });

  afterAll(async () => {
    await agent?.stop();
    await host?.dispose();
    await link?.close();
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('counts every result the agent sent as stored, and its checks on the agent side', async () => {
    await waitFor(async () => ((await storedRuns()) >= 1 ? true : undefined), 'the start check stored');
    await agent.runCheck('manual', false);
    await agent.runCheck('manual', false);
    // The agent may check once more on its own (it saw its SIP Server start): compare at a moment when
    // everything it ran is stored — its count and the dashboard's must then meet, and stay equal.
    const { runs, own, board } = await waitFor(async () => {
      if ((await agent.link?.pendingResults()) !== 0) return undefined;
      const [own, runs, board] = await Promise.all([scrapeAgent(), storedRuns(), scrapeDashboard()]);
      const agree =
        own.value('standby_agent_checks_total') === runs &&
        board.value('standby_ingest_results_total', { outcome: 'stored' }) === runs;
      return agree ? { runs, own, board } : undefined;
    }, 'the agent’s checks all stored');
    expect(runs).toBeGreaterThanOrEqual(3);

    expect(board.value('standby_ingest_results_total', { outcome: 'stored' })).toBe(runs);
    expect(board.value('standby_ingest_results_total', { outcome: 'duplicate' })).toBe(0);
    expect(board.samples('standby_ingest_results_total', { outcome: 'refused' })).toHaveLength(0);
    expect(board.family('standby_ingest_ack_seconds').type).toBe('HISTOGRAM');
    expect(board.histogramCount('standby_ingest_ack_seconds')).toBe(runs);
    expect(board.histogramSum('standby_ingest_ack_seconds')).toBeGreaterThan(0);
    // Stored results changed the host: its deltas went out to browsers (none listening is still a send).
    expect(board.histogramCount('standby_live_fanout_delay_seconds')).toBeGreaterThan(0);
    expect(board.value('standby_node_agent_sockets')).toBe(1);
    expect(board.value('standby_fleet_agents_connected')).toBe(1);
    expect(board.value('standby_alert_outbox_pending')).toBe(0);
    expect(board.family('nodejs_eventloop_lag_seconds').type).toBe('GAUGE');
    expect(board.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    // No label may name a host: the series count must not grow with the fleet.
    for (const family of board.families.values())
      for (const sample of family.metrics) expect(Object.values(sample.labels ?? {})).not.toContain(hostId);

    const latest = await dashboard.prisma.checkRun.findFirst({
      where: { hostId },
      orderBy: { finishedAt: 'desc' },
      include: { components: true },
    });
    expect(own.value('standby_agent_checks_total')).toBe(runs);
    expect(own.histogramCount('standby_agent_check_duration_seconds')).toBe(runs);
    expect(own.value('standby_agent_last_verdict', { status: latest!.status })).toBe(1);
    expect(own.value('standby_agent_last_verdict', { status: 'none' })).toBe(0);
    // Time to ready of the last check, as the dashboard stored it: one series per ready component.
    const ready = latest!.components.filter((c) => c.state === 'ready' && c.readyAfterMs !== null);
    expect(ready.length).toBeGreaterThan(0);
    expect(own.samples('standby_agent_component_ready_seconds')).toHaveLength(ready.length);
    for (const component of ready)
      expect(own.value('standby_agent_component_ready_seconds', { component: component.name })).toBe(
        component.readyAfterMs! / 1000,
      );
    expect(own.value('standby_agent_dashboard_connected')).toBe(1);
    expect(own.value('standby_agent_dashboard_hello_acked')).toBe(1);
    expect(own.value('standby_agent_spool_pending')).toBe(0);
  });

  it('shows hosts by verdict and by status as fleet.counts does: the one verdict', async () => {
    const viewer = browserClient(dashboard.url, await dashboard.signIn('viewer'));
    // The fleet figures are cached for a few seconds: wait until the cache has caught up.
    await waitFor(async () => {
      const counts = await viewer.fleet.counts.query({});
      const board = await scrapeDashboard();
      const agrees =
        HOST_VERDICTS.every(
          (v) => board.value('standby_hosts_by_verdict', { verdict: v }) === counts.byVerdict[v],
        ) &&
        HOST_STATUSES.every(
          (s) => board.value('standby_hosts_by_status', { status: s }) === counts.byStatus[s],
        );
      return agrees && counts.total === 1 ? true : undefined;
    }, 'the metrics agree with fleet.counts');
    const board = await scrapeDashboard();
    expect(board.samples('standby_hosts_by_verdict')).toHaveLength(HOST_VERDICTS.length);
    expect(board.value('standby_hosts_by_verdict')).toBe(1);
  });

  it('measures command delivery and apply on the dashboard, and counts the command on the agent', async () => {
    const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
    await operator.commands.changeOptions.mutate({
      target: { kind: 'hosts', hostIds: [hostId] },
      values: { 'backup-sip-port-check': 'false' },
    });
    await waitFor(
      () =>
        dashboard.prisma.agentCommand.findFirst({ where: { state: 'applied' } }).then((c) => c ?? undefined),
      'the change applied',
    );
    const board = await scrapeDashboard();
    expect(board.histogramCount('standby_command_delivery_seconds', { kind: 'set-options' })).toBe(1);
    expect(
      board.histogramCount('standby_command_apply_seconds', { kind: 'set-options', outcome: 'applied' }),
    ).toBe(1);
    const own = await scrapeAgent();
    expect(own.value('standby_agent_commands_total', { outcome: 'applied' })).toBe(1);
    expect(own.value('standby_agent_commands_total', { outcome: 'rejected' })).toBe(0);
  });

  it('shows the spool rising while the dashboard is unreachable and falling once it is back', async () => {
    const storedBefore = (await scrapeDashboard()).value('standby_ingest_results_total', {
      outcome: 'stored',
    });
    link.refusing = true;
    link.cut();
    await scrapeUntil(scrapeAgent, (m) => m.value('standby_agent_dashboard_connected') === 0, 'link down');
    await agent.runCheck('manual', false);
    await agent.runCheck('manual', false);
    const down = await scrapeUntil(
      scrapeAgent,
      (m) => m.value('standby_agent_spool_pending') === 2,
      'spool at 2',
    );
    expect(down.value('standby_agent_dashboard_hello_acked')).toBe(0);
    expect(down.value('standby_agent_dashboard_link_state', { state: 'unreachable' })).toBe(1);
    expect((await scrapeDashboard()).value('standby_ingest_results_total', { outcome: 'stored' })).toBe(
      storedBefore,
    );

    link.refusing = false;
    const back = await scrapeUntil(
      scrapeAgent,
      (m) => m.value('standby_agent_spool_pending') === 0,
      'spool drained',
    );
    expect(back.value('standby_agent_dashboard_hello_acked')).toBe(1);
    const board = await scrapeUntil(
      scrapeDashboard,
      (m) => m.value('standby_ingest_results_total', { outcome: 'stored' }) === storedBefore + 2,
      'the replayed results counted',
    );
    expect(board.value('standby_ingest_results_total', { outcome: 'stored' })).toBe(await storedRuns());
  });

  it('refuses a client outside STANDBY_METRICS_ALLOW, and accepts it with the metrics token', async () => {
    const outside = { 'x-forwarded-for': '203.0.113.7' };
    const refused = await fetch(dashboardMetricsUrl, { headers: outside });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toBe('application/json');
    const body = await refused.text();
    expect(JSON.parse(body)).toEqual({
      error: {
        code: 'FORBIDDEN',
        message: 'metrics: not allowed from this address without the metrics token',
      },
    });
    expect(body).not.toContain('standby_');

    const wrongToken = await fetch(dashboardMetricsUrl, {
      headers: { ...outside, authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` },
    });
    expect(wrongToken.status).toBe(403);

    const withToken = await scrapeMetrics(dashboardMetricsUrl, {
      headers: { ...outside, authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(withToken.value('standby_node_agent_sockets')).toBe(1);
    // The loopback default: the test's own address, no header, no token.
    expect((await fetch(dashboardMetricsUrl)).status).toBe(200);
  });
});
