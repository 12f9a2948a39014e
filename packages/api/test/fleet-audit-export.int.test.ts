import { randomUUID } from 'node:crypto';
import { createHosts } from '@standby/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markCheckStarted } from '../src/services/check-progress';
import { csvCell } from '../src/services/csv';
import { exportFleetAudit } from '../src/services/fleet-audit-export';
import {
  refreshVerdicts,
  reportingHost,
  sayHello,
  startTestDatabase,
  type TestDatabase,
} from './test-database';

/** A strict RFC 4180 reader: fields quoted or not, CRLF records, doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (char === '"') {
        quoted = false;
        i++;
      } else {
        field += char;
        i++;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      i++;
    } else if (char === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (char === '"' || char === '\n' || char === '\r') {
      throw new Error(`unquoted ${JSON.stringify(char)} at ${i}`);
    } else {
      field += char;
      i++;
    }
  }
  if (field !== '' || record.length) throw new Error('last record not terminated by CRLF');
  return records;
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=1+2', "'=1+2"],
    ['+cmd', "'+cmd"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['in=side', 'in=side'],
  ])('writes %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes numbers, booleans and null as they are', () => {
    expect([csvCell(3), csvCell(false), csvCell(null)]).toEqual(['3', 'false', '']);
  });
});

describe('exportFleetAudit on a real PostgreSQL', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  });

  afterAll(async () => {
    await db?.dispose();
  });

  it('exports an empty fleet as a header only, and as an empty JSON array', async () => {
    const csv = await collect(exportFleetAudit(db.prisma, 'csv'));
    expect(csv).toHaveLength(1);
    expect(parseCsv(csv[0]!)).toHaveLength(1);
    const json = await collect(exportFleetAudit(db.prisma, 'json'));
    expect(json).toHaveLength(1);
    expect(JSON.parse(json[0]!)).toEqual([]);
  });

  describe('with hosts', () => {
    let ids: string[];
    const agentOf = async (hostId: string) =>
      (await db.prisma.agent.findUniqueOrThrow({ where: { hostId } })).id;

    // About the file format (RFC 4180, formulas defused, order, pages), over hosts made the real way:
    // hellos (registerAgentHost), results through the ingest statement, a disconnect, a check starting,
    // and the verdict they evaluate. That the export agrees with the host page is tested in
    // verdict-everywhere.int.test.ts.
    beforeAll(async () => {
      const effective = {
        'backup-init-check': 'true',
        'backup-init-check-timeout': '90',
        'backup-sip-port-check': 'true',
        'control-vip-scripts': 'false',
        'sip-port': '5060',
      };
      // Two values SIP Server will not accept: two invalid-option-value warnings.
      const configured = { ...effective, 'sip-port': '99999', 'sip-address': 'not an address!' };
      const failingAt = (finishedAt: string) => ({
        status: 'SERVICE_UNAVAILABLE' as const,
        readyAfterMs: [100, 200, null, 300],
        portState: 'passed' as const,
        startedAt: new Date(Date.parse(finishedAt) - 1_000),
        durationMs: 1_000,
        timeoutSec: 90,
        options: effective,
      });
      const sip01Hello = {
        hostname: 'sip01',
        application: '=HYPERLINK("http://evil","x")',
        pair: 'alpha "q", east',
        mode: 'backup' as const,
        version: '8.1.103.64',
        configuredOptions: configured,
        effectiveOptions: effective,
      };
      const sip01 = await reportingHost(db, {
        hostKey: 'sip01/evil',
        hello: sip01Hello,
        // Failing since the first of these (statusSince), last checked at the second (lastCheckAt).
        results: [failingAt('2026-05-01T10:00:00.000Z'), failingAt('2026-05-02T10:00:00.000Z')],
      });
      // Then the file changes outside Standby and waits for a restart (pending restart).
      await sayHello(
        db,
        { agentId: await agentOf(sip01), hostId: sip01, hostKey: 'sip01/evil' },
        {
          ...sip01Hello,
          configuredOptions: { ...configured, 'backup-init-check-timeout': '120' },
        },
      );
      const sip02 = await reportingHost(db, {
        hostKey: 'sip02/multi',
        hello: {
          hostname: 'sip02',
          application: 'multi\r\nline, app',
          pair: 'alpha "q", east',
          mode: 'primary',
          effectiveOptions: effective,
        },
        // Its SIP Server said RUNNING, then its agent went away: UNKNOWN is shown.
        results: [{ status: 'RUNNING', options: effective }],
        disconnected: true,
      });
      const sip03 = await reportingHost(db, {
        hostKey: 'sip03/@cmd',
        hello: { pair: 'zeta', effectiveOptions: {} },
        results: [{ status: 'RUNNING', options: {} }],
      });
      const [sip04] = await createHosts(db.prisma, [
        { hostname: 'sip04', application: '-1+1', pairId: null, version: null, agent: null },
      ]);
      await refreshVerdicts(db, [sip04!]);
      // A SIP Server starting, its start check running: INITIALIZING.
      const sip00 = await reportingHost(db, {
        hostKey: 'sip00/plain',
        hello: { pair: 'zeta', effectiveOptions: {} },
      });
      await markCheckStarted(db.pool, sip00, {
        runId: randomUUID(),
        startedAt: new Date().toISOString(),
        timeoutSec: 60,
        trigger: 'start',
        atStart: true,
      });
      ids = [sip01, sip02, sip03, sip04!, sip00];
    });

    it('writes one RFC 4180 record per host, ordered by pair then hostname, with formulas defused', async () => {
      const text = (await collect(exportFleetAudit(db.prisma, 'csv'))).join('');
      const [header, ...rows] = parseCsv(text);
      expect(header).toEqual([
        'pair',
        'hostname',
        'application',
        'mode',
        'version',
        'verdict',
        'verdictReason',
        'verdictSince',
        'status',
        'statusSince',
        'lastCheckAt',
        'connected',
        'pendingRestart',
        'backup-init-check',
        'backup-init-check-timeout',
        'backup-sip-port-check',
        'control-vip-scripts',
        'findingsCritical',
        'findingsWarning',
        'findingsInfo',
        'findingCodes',
      ]);
      expect(rows.map((row) => row[1])).toEqual(['sip01', 'sip02', 'sip00', 'sip03', 'sip04']);
      expect(rows.every((row) => row.length === header!.length)).toBe(true);
      const byHost = new Map(rows.map((row) => [row[1], row]));
      expect(byHost.get('sip01')).toEqual([
        'alpha "q", east',
        'sip01',
        `'=HYPERLINK("http://evil","x")`,
        'backup',
        '8.1.103.64',
        'would-not-serve',
        'Interaction Proxy not ready in time',
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        'SERVICE_UNAVAILABLE',
        '2026-05-01T10:00:00.000Z',
        '2026-05-02T10:00:00.000Z',
        'true',
        'true',
        'true',
        '90',
        'true',
        'false',
        '1',
        '2',
        '0',
        'last-check-failed;invalid-option-value',
      ]);
      expect(byHost.get('sip02')!.slice(2, 5)).toEqual(['multi\r\nline, app', 'primary', '8.1.103.64']);
      expect(byHost.get('sip02')![header!.indexOf('status')]).toBe('UNKNOWN');
      expect(byHost.get('sip03')![2]).toBe("'@cmd");
      expect(byHost.get('sip04')!.slice(0, 6)).toEqual(['', 'sip04', "'-1+1", 'backup', '', 'unknown']);
      expect(byHost.get('sip04')![header!.indexOf('status')]).toBe('UNKNOWN');
      // The raw text: the formula cell is quoted with its quotes doubled.
      expect(text).toContain(`,"'=HYPERLINK(""http://evil"",""x"")",`);
    });

    it('writes a JSON array that parses, with the same hosts and values', async () => {
      const records = JSON.parse((await collect(exportFleetAudit(db.prisma, 'json'))).join('')) as {
        hostname: string;
        status: string;
        options: Record<string, string | null>;
        findingCodes: string[];
        application: string;
      }[];
      expect(records.map((record) => record.hostname)).toEqual(['sip01', 'sip02', 'sip00', 'sip03', 'sip04']);
      const sip01 = records.find((record) => record.hostname === 'sip01')!;
      expect(sip01).toMatchObject({
        application: '=HYPERLINK("http://evil","x")',
        pair: 'alpha "q", east',
        verdict: 'would-not-serve',
        verdictReason: 'Interaction Proxy not ready in time',
        status: 'SERVICE_UNAVAILABLE',
        options: {
          'backup-init-check': 'true',
          'backup-init-check-timeout': '90',
          'backup-sip-port-check': 'true',
          'control-vip-scripts': 'false',
        },
        findings: { critical: 1, warning: 2, info: 0 },
        findingCodes: ['last-check-failed', 'invalid-option-value'],
      });
      expect(Object.keys(sip01.options)).toHaveLength(4);
      expect(records.find((record) => record.hostname === 'sip02')?.status).toBe('UNKNOWN');
      expect(records.find((record) => record.hostname === 'sip00')?.options['backup-init-check']).toBeNull();
    });

    it('reads the fleet in keyset pages, one chunk per page, each host once', async () => {
      const csv = await collect(exportFleetAudit(db.prisma, 'csv', { pageSize: 2 }));
      expect(csv).toHaveLength(3); // pages of 2, 2 and 1 host, the header with the first
      expect(csv[0]!.startsWith('pair,hostname,')).toBe(true);
      expect(
        parseCsv(csv.join(''))
          .slice(1)
          .map((row) => row[1]),
      ).toEqual(['sip01', 'sip02', 'sip00', 'sip03', 'sip04']);
      const json = await collect(exportFleetAudit(db.prisma, 'json', { pageSize: 2 }));
      expect(json).toHaveLength(3);
      expect((JSON.parse(json.join('')) as unknown[]).length).toBe(ids.length);
    });
  });
});
