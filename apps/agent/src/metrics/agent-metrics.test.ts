import { randomUUID } from 'node:crypto';
import { type TCheckResult, ZCheckResultSchema } from '@standby/protocol';
import { scrapeMetrics } from '@standby/telemetry/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { TDeliveryStatus } from '../link/dashboard-link';
import { AgentMetrics, type LinkView } from './agent-metrics';
import { type AgentMetricsServer, startAgentMetricsServer } from './metrics-server';

function result(status: TCheckResult['status'], readyMs: Partial<Record<string, number>>): TCheckResult {
  const now = new Date().toISOString();
  // Parsed by the wire schema: the metrics see exactly what a real check produces.
  return ZCheckResultSchema.parse({
    runId: randomUUID(),
    status,
    applicable: true,
    mode: 'backup',
    checkEnabled: true,
    timeoutSec: 15,
    trigger: 'manual',
    startedAt: now,
    finishedAt: now,
    durationMs: 2_500,
    components: (['t-controller', 'smart-proxy', 'interaction-proxy', 'operational-info'] as const).map(
      (name) => ({
        name,
        state: readyMs[name] === undefined ? 'timeout' : 'ready',
        readyAfterMs: readyMs[name] ?? null,
        detail: null,
      }),
    ),
    portCheck: { state: 'passed', reason: null, port: 5060, address: null },
    findings: [],
    options: {},
  });
}

/** A link as the metrics see it; the test moves it as the real link would. */
class LinkState implements LinkView {
  deliveryStatus: TDeliveryStatus = { link: 'connecting', pending: 0, quarantined: 0, dropped: 0 };
  connected = false;
  socketConnected = false;
}

describe('agent /metrics', () => {
  let server: AgentMetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serve(metrics: AgentMetrics): Promise<string> {
    server = await startAgentMetricsServer({
      registry: metrics.registry,
      port: 0,
      host: '127.0.0.1',
      log: () => {},
    });
    return `http://127.0.0.1:${server.port}/metrics`;
  }

  it('shows the last verdict, time to ready per component, check counts and durations', async () => {
    const metrics = new AgentMetrics({ application: 'SIPS_A', agentVersion: '9.9.9', processMetrics: false });
    const url = await serve(metrics);

    const before = await scrapeMetrics(url);
    expect(before.value('standby_agent_last_verdict', { status: 'none' })).toBe(1);
    expect(before.value('standby_agent_last_verdict', { status: 'RUNNING' })).toBe(0);
    expect(before.samples('standby_agent_component_ready_seconds')).toHaveLength(0);
    expect(before.value('standby_agent_info', { version: '9.9.9', application: 'SIPS_A' })).toBe(1);

    metrics.checkFinished(
      result('RUNNING', {
        't-controller': 400,
        'smart-proxy': 900,
        'interaction-proxy': 1_500,
        'operational-info': 2_200,
      }),
    );
    const passed = await scrapeMetrics(url);
    expect(passed.value('standby_agent_last_verdict', { status: 'RUNNING' })).toBe(1);
    expect(passed.value('standby_agent_last_verdict', { status: 'none' })).toBe(0);
    expect(passed.value('standby_agent_component_ready_seconds', { component: 'operational-info' })).toBe(
      2.2,
    );
    expect(passed.samples('standby_agent_component_ready_seconds')).toHaveLength(4);
    expect(passed.value('standby_agent_checks_total', { outcome: 'RUNNING' })).toBe(1);
    expect(passed.histogramCount('standby_agent_check_duration_seconds')).toBe(1);
    expect(passed.histogramSum('standby_agent_check_duration_seconds')).toBe(2.5);

    // A failing check: the component that timed out has no time to ready any more.
    metrics.checkFinished(result('SERVICE_UNAVAILABLE', { 't-controller': 300 }));
    metrics.checkFailed();
    const failed = await scrapeMetrics(url);
    expect(failed.value('standby_agent_last_verdict', { status: 'SERVICE_UNAVAILABLE' })).toBe(1);
    expect(failed.value('standby_agent_last_verdict', { status: 'RUNNING' })).toBe(0);
    expect(failed.samples('standby_agent_component_ready_seconds')).toHaveLength(1);
    expect(failed.value('standby_agent_checks_total', { outcome: 'SERVICE_UNAVAILABLE' })).toBe(1);
    expect(failed.value('standby_agent_checks_total', { outcome: 'error' })).toBe(1);
    expect(failed.value('standby_agent_checks_total')).toBe(3);
  });

  it('reads the link at scrape time; quarantined and dropped counters never go back', async () => {
    const link = new LinkState();
    const metrics = new AgentMetrics({
      application: 'SIPS_A',
      agentVersion: '1',
      link: () => link,
      processMetrics: false,
    });
    const url = await serve(metrics);
    link.deliveryStatus = { link: 'connected', pending: 3, quarantined: 2, dropped: 0 };
    link.connected = true;
    link.socketConnected = true;
    metrics.commandAnswered({ commandId: '1', outcome: 'applied', reason: null });
    metrics.commandAnswered({ commandId: '2', outcome: 'rejected', reason: 'no' });
    metrics.commandAnswered({ commandId: '3', outcome: 'rejected', reason: 'no' });

    const up = await scrapeMetrics(url);
    expect(up.value('standby_agent_spool_pending')).toBe(3);
    expect(up.value('standby_agent_dashboard_connected')).toBe(1);
    expect(up.value('standby_agent_dashboard_hello_acked')).toBe(1);
    expect(up.value('standby_agent_dashboard_link_state', { state: 'connected' })).toBe(1);
    expect(up.value('standby_agent_dashboard_link_state', { state: 'unreachable' })).toBe(0);
    expect(up.value('standby_agent_results_quarantined_total')).toBe(2);
    expect(up.value('standby_agent_commands_total', { outcome: 'applied' })).toBe(1);
    expect(up.value('standby_agent_commands_total', { outcome: 'rejected' })).toBe(2);
    expect(up.family('standby_agent_results_quarantined_total').type).toBe('COUNTER');

    link.deliveryStatus = { link: 'unreachable', pending: 5, quarantined: 3, dropped: 1 };
    link.connected = false;
    link.socketConnected = false;
    const down = await scrapeMetrics(url);
    expect(down.value('standby_agent_spool_pending')).toBe(5);
    expect(down.value('standby_agent_dashboard_connected')).toBe(0);
    expect(down.value('standby_agent_dashboard_hello_acked')).toBe(0);
    expect(down.value('standby_agent_dashboard_link_state', { state: 'unreachable' })).toBe(1);
    expect(down.value('standby_agent_results_quarantined_total')).toBe(3);
    expect(down.value('standby_agent_results_dropped_total')).toBe(1);
  });

  it('serves process metrics when asked, only /metrics, and only GET', async () => {
    const url = await serve(new AgentMetrics({ application: 'SIPS_A', agentVersion: '1' }));
    const scraped = await scrapeMetrics(url);
    expect(scraped.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(scraped.family('nodejs_eventloop_lag_seconds').type).toBe('GAUGE');

    const other = await fetch(url.replace('/metrics', '/status'));
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'only /metrics is served here' },
    });
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
  });
});
