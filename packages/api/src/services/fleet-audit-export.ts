import type { PrismaClient } from '@standby/db';
import { CHECK_OPTION_NAMES } from '@standby/domain';
import type { THostSummary } from '@standby/protocol';
import { csvRow, type TCsvCell } from './csv';
import { queryFleetRows, type TFleetRow } from './fleet-rows';
import { toHostSummary } from './host-summary';
import { readOptionsMap, readStoredFindings, readStringArray } from './stored-json';

export type TFleetAuditFormat = 'csv' | 'json';

/** Hosts read per query: bounds memory whatever the fleet size. */
export const EXPORT_PAGE_SIZE = 1_000;

/** One host in the audit export. */
export interface TFleetAuditRecord {
  pair: string | null;
  hostname: string;
  application: string;
  mode: string;
  version: string | null;
  /** Would it serve if promoted now? As the fleet page and the host page say it. */
  verdict: THostSummary['verdict'];
  verdictReason: string;
  verdictReasons: string[];
  verdictSince: string | null;
  /** What the SIP Server reports (UNKNOWN when the dashboard cannot tell), as the dashboard shows it. */
  status: THostSummary['status'];
  statusSince: string | null;
  lastCheckAt: string | null;
  connected: boolean;
  pendingRestart: boolean;
  /** Effective values as the agent reported them; null when it did not. */
  options: Record<(typeof CHECK_OPTION_NAMES)[number], string | null>;
  findings: { critical: number; warning: number; info: number };
  findingCodes: string[];
}

const CSV_HEADER = [
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
  ...CHECK_OPTION_NAMES,
  'findingsCritical',
  'findingsWarning',
  'findingsInfo',
  'findingCodes',
];

/**
 * The fleet audit (one row per host, ordered by pair then hostname) as text chunks, one per keyset page, so
 * the caller can stream it without holding the fleet in memory. The first chunk carries the CSV header (or
 * the JSON array's opening) together with the first page: pulling it surfaces a database error before the
 * caller has committed to a 200.
 */
export async function* exportFleetAudit(
  prisma: PrismaClient,
  format: TFleetAuditFormat,
  options: { pageSize?: number } = {},
): AsyncGenerator<string, void, undefined> {
  const limit = options.pageSize ?? EXPORT_PAGE_SIZE;
  let cursor: string | undefined;
  let first = true;
  do {
    const page = await queryFleetRows(prisma, { sort: 'pair', direction: 'asc', limit, cursor });
    const records = page.rows.map(toAuditRecord);
    let chunk = '';
    if (first) chunk += format === 'csv' ? csvRow(CSV_HEADER) : '[';
    if (format === 'csv') {
      chunk += records.map((record) => csvRow(toCsvCells(record))).join('');
    } else if (records.length > 0) {
      chunk += `${first ? '\n' : ',\n'}${records.map((record) => JSON.stringify(record)).join(',\n')}`;
    }
    first = false;
    cursor = page.nextCursor ?? undefined;
    if (!cursor && format === 'json') chunk += '\n]\n';
    yield chunk;
  } while (cursor);
}

export function toAuditRecord(row: TFleetRow): TFleetAuditRecord {
  const effective = readOptionsMap(row.effectiveOptions);
  const summary = toHostSummary(row);
  return {
    pair: row.pairName,
    hostname: row.hostname,
    application: row.application,
    mode: row.mode,
    version: row.version,
    verdict: summary.verdict,
    verdictReason: summary.verdictReason,
    verdictReasons: readStringArray(row.verdictReasons),
    verdictSince: summary.verdictSince,
    status: summary.status,
    statusSince: row.statusSince?.toISOString() ?? null,
    lastCheckAt: row.lastCheckAt?.toISOString() ?? null,
    connected: row.connected,
    pendingRestart: row.pendingRestart,
    options: Object.fromEntries(
      CHECK_OPTION_NAMES.map((name) => [name, effective[name] ?? null]),
    ) as TFleetAuditRecord['options'],
    findings: { critical: row.findingsCritical, warning: row.findingsWarning, info: row.findingsInfo },
    findingCodes: [...new Set(readStoredFindings(row.lastFindings).map((finding) => finding.code))],
  };
}

function toCsvCells(record: TFleetAuditRecord): TCsvCell[] {
  return [
    record.pair,
    record.hostname,
    record.application,
    record.mode,
    record.version,
    record.verdict,
    record.verdictReason,
    record.verdictSince,
    record.status,
    record.statusSince,
    record.lastCheckAt,
    record.connected,
    record.pendingRestart,
    ...CHECK_OPTION_NAMES.map((name) => record.options[name]),
    record.findings.critical,
    record.findings.warning,
    record.findings.info,
    record.findingCodes.join(';'),
  ];
}
