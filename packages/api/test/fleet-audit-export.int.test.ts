import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../src/services/csv';
import { exportFleetAudit } from '../src/services/fleet-audit-export';
import { seedHosts, seedPair, startTestDatabase, type TestDatabase } from './test-database';

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

    // About the file format (RFC 4180, formulas defused, order, pages): rows written directly, with the
    // stored verdict columns set explicitly. That the export agrees with the host page for facts made
    // through ingest is tested in verdict-everywhere.int.test.ts.
    beforeAll(async () => {
      const quoted = await seedPair(db.prisma, 'alpha "q", east');
      const plain = await seedPair(db.prisma, 'zeta');
      ids = await seedHosts(db.prisma, [
        {
          hostname: 'sip01',
          application: '=HYPERLINK("http://evil","x")',
          pairId: quoted,
          mode: 'backup',
          version: '8.1.103.64',
          status: 'SERVICE_UNAVAILABLE',
          displayStatus: 'SERVICE_UNAVAILABLE',
          verdict: 'would-not-serve',
          verdictCause: 'check-failed',
          verdictReason: 'Interaction Proxy not ready in time',
          statusSince: new Date('2026-05-01T10:00:00.000Z'),
          lastCheckAt: new Date('2026-05-02T10:00:00.000Z'),
          pendingRestart: true,
          effectiveOptions: {
            'backup-init-check': 'true',
            'backup-init-check-timeout': '90',
            'backup-sip-port-check': 'true',
            'control-vip-scripts': 'false',
            'sip-port': '5060',
          },
          lastFindings: [
            { code: 'last-check-failed', severity: 'critical', message: 'x' },
            { code: 'invalid-option-value', severity: 'warning', message: 'y', option: 'sip-port' },
            { code: 'invalid-option-value', severity: 'warning', message: 'z', option: 'sip-address' },
          ],
          findingsCritical: 1,
          findingsWarning: 2,
          agent: { connected: true },
        },
        {
          hostname: 'sip02',
          application: 'multi\r\nline, app',
          pairId: quoted,
          mode: 'primary',
          status: 'RUNNING',
          displayStatus: 'UNKNOWN',
          agent: { connected: false },
        },
        {
          hostname: 'sip03',
          application: '@cmd',
          pairId: plain,
          status: 'RUNNING',
          displayStatus: 'RUNNING',
          agent: { connected: true },
        },
        { hostname: 'sip04', application: '-1+1', pairId: null, version: null, agent: null },
        {
          hostname: 'sip00',
          application: 'plain',
          pairId: plain,
          status: 'INITIALIZING',
          displayStatus: 'INITIALIZING',
          agent: { connected: true },
        },
      ]);
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
        '',
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
