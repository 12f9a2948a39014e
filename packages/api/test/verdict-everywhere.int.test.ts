import { createHosts } from '@standby/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFleetAudit } from '../src/services/fleet-audit-export';
import { markAgentDisconnected } from '../src/services/register-agent-host';
import { fleetRowOf } from './fleet-row-of';
import {
  checkResult,
  enrolledAgent,
  ingest,
  refreshVerdicts,
  sayHello,
  startTestDatabase,
  type TestDatabase,
} from './test-database';

// What the fleet SHOWS, produced through the real path: hellos through registerAgentHost, results through
// the ingest statement (storeCheckResults), the verdict by refreshHostVerdicts — never hand-written.

async function collect(iterable: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of iterable) text += chunk;
  return text;
}

describe('one verdict everywhere, from facts stored through ingest', () => {
  let db: TestDatabase;
  let failing: string;
  let passing: string;
  let offline: string;
  let missing: string;

  beforeAll(async () => {
    db = await startTestDatabase();
    const failingAgent = await enrolledAgent(db, 'sipfail/SIPS');
    const passingAgent = await enrolledAgent(db, 'sippass/SIPS');
    const offlineAgent = await enrolledAgent(db, 'sipoff/SIPS');
    [failing, passing, offline] = [failingAgent.hostId, passingAgent.hostId, offlineAgent.hostId];
    for (const agent of [failingAgent, passingAgent, offlineAgent]) await sayHello(db, agent);
    // A host whose agent was never enrolled: the row is all there is.
    missing = (await createHosts(db.prisma, [{ hostname: 'sipnone', agent: null }]))[0]!;
    await refreshVerdicts(db, [missing]);

    await ingest(db, failing, [
      checkResult({ status: 'SERVICE_UNAVAILABLE', readyAfterMs: [100, 200, null, 300] }),
    ]);
    await ingest(db, passing, [checkResult({ status: 'RUNNING' })]);
    await ingest(db, offline, [checkResult({ status: 'RUNNING' })]);
    await markAgentDisconnected(db.prisma, offline, 'node-test/socket-1');
  });

  afterAll(async () => {
    await db?.dispose();
  });

  const viewer = () => db.callerAs('viewer');

  it('a failing backup is would-not-serve with a critical last-check-failed, on host.get', async () => {
    const detail = await viewer().host.get({ hostId: failing });
    expect(detail.host).toMatchObject({
      verdict: 'would-not-serve',
      verdictCause: 'check-failed',
      status: 'SERVICE_UNAVAILABLE',
    });
    expect(detail.host.verdictReason).toMatch(/Interaction Proxy/);
    expect(detail.findings.filter((f) => f.code === 'last-check-failed')).toEqual([
      expect.objectContaining({ severity: 'critical', message: expect.stringMatching(/since/) }),
    ]);
    expect((await viewer().host.get({ hostId: passing })).host.verdict).toBe('would-serve');
  });

  it('is counted and filtered identically by fleet.counts, fleet.page, findings.list and both exports', async () => {
    const counts = await viewer().fleet.counts({});
    expect(counts.byVerdict['would-not-serve']).toBe(1);
    expect(counts.byVerdict['would-serve']).toBe(1);
    expect(counts.byVerdict.unknown).toBe(2);
    expect(counts.withCritical).toBe(1);
    expect(counts.byStatus).toMatchObject({ SERVICE_UNAVAILABLE: 1, RUNNING: 1, UNKNOWN: 2 });

    const byVerdict = await viewer().fleet.page({ filter: { verdicts: ['would-not-serve'] } });
    expect(byVerdict.hosts.map((h) => h.id)).toEqual([failing]);
    const critical = await viewer().fleet.page({ filter: { minSeverity: 'critical' } });
    expect(critical.hosts.map((h) => h.id)).toEqual([failing]);
    expect(await viewer().fleet.counts({ filter: { verdicts: ['would-not-serve'] } })).toMatchObject({
      total: 1,
      withCritical: 1,
    });
    expect(critical.hosts[0]).toMatchObject({
      verdict: 'would-not-serve',
      status: 'SERVICE_UNAVAILABLE',
      findings: { critical: 1 },
    });

    const findings = await viewer().findings.list({ severity: 'critical' });
    expect(findings.findings.map((f) => [f.hostId, f.code])).toEqual([[failing, 'last-check-failed']]);

    const hostPage = await viewer().host.get({ hostId: failing });
    const json = JSON.parse(await collect(exportFleetAudit(db.prisma, 'json'))) as {
      hostname: string;
      verdict: string;
      verdictReason: string;
      status: string;
      findings: { critical: number };
      findingCodes: string[];
    }[];
    expect(json.find((r) => r.hostname === 'sipfail')).toMatchObject({
      verdict: 'would-not-serve',
      verdictReason: hostPage.host.verdictReason,
      status: 'SERVICE_UNAVAILABLE',
      findings: { critical: 1 },
      findingCodes: expect.arrayContaining(['last-check-failed']),
    });
    const csv = (await collect(exportFleetAudit(db.prisma, 'csv'))).split('\r\n');
    const header = csv[0]!.split(',');
    const row = csv.find((line) => line.includes(',sipfail,'))!.split(',');
    expect(row[header.indexOf('verdict')]).toBe('would-not-serve');
    expect(row[header.indexOf('findingsCritical')]).toBe('1');
    expect(row[header.indexOf('findingCodes')]).toContain('last-check-failed');
  });

  it('shows UNKNOWN and not connected for hosts whose agent is offline or missing, as host.get does', async () => {
    const { hosts, nextCursor } = await viewer().fleet.page({ limit: 500 });
    expect(nextCursor).toBeNull();
    const expected: Record<string, [string, boolean]> = {
      [failing]: ['SERVICE_UNAVAILABLE', true],
      [passing]: ['RUNNING', true],
      [offline]: ['UNKNOWN', false],
      [missing!]: ['UNKNOWN', false],
    };
    expect(hosts).toHaveLength(4);
    for (const host of hosts) {
      expect([host.status, host.connected]).toEqual(expected[host.id]);
      expect(host).toEqual(fleetRowOf(await viewer().host.get({ hostId: host.id })));
    }
    // Its last check said RUNNING; the agent is gone: unknown, with a finding that says so.
    expect(hosts.find((h) => h.id === offline)).toMatchObject({
      verdict: 'unknown',
      verdictCause: 'agent-disconnected',
    });
    const offlineFindings = await viewer().findings.list({ code: 'agent-not-connected' });
    expect(offlineFindings.findings.map((f) => f.hostId)).toContain(offline);
    expect((await viewer().host.get({ hostId: offline })).findings.map((f) => f.code)).toContain(
      'agent-not-connected',
    );
  });

  it('a host no agent ever reported for has an agent-not-connected finding too (findings.list, host.get)', async () => {
    // As before the verdict moved to the server: findings.list listed every host whose agent is not connected.
    const detail = await viewer().host.get({ hostId: missing! });
    expect(detail.host.status).toBe('UNKNOWN');
    expect(detail.findings.map((f) => f.code)).toContain('agent-not-connected');
    const offlineFindings = await viewer().findings.list({ code: 'agent-not-connected' });
    expect(offlineFindings.findings.map((f) => f.hostId)).toContain(missing);
  });
});
