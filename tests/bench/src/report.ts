import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { metRow, type TMetricRow } from './metric-row';

function formatValue(value: number | null, unit: string): string {
  if (value === null) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const number = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${number} ${unit}` : number;
}

/** The results as a plain-text table: metric, value, target, met?. */
export function formatTable(rows: readonly TMetricRow[]): string {
  const lines = rows.map((row) => {
    const met = metRow(row);
    return [
      `${row.phase}: ${row.metric}`,
      formatValue(row.value, row.unit),
      row.target ? `${row.target.op === '>=' ? '≥' : '<'} ${formatValue(row.target.value, row.unit)}` : '',
      met === undefined ? '' : met ? 'yes' : 'NO',
    ];
  });
  const header = ['metric', 'value', 'target', 'met?'];
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const notes = rows.filter((row) => row.note).map((row) => `  ${row.phase}: ${row.metric}: ${row.note}`);
  return [
    render(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...lines.map(render),
    ...(notes.length ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}

/** Writes the full report as JSON to `<dir>/<timestamp>.json`; returns the file's path. */
export async function writeJsonReport(dir: string, startedAt: Date, report: unknown): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(
    dir,
    `${startedAt
      .toISOString()
      .replaceAll(':', '-')
      .replace(/\.\d+Z$/, 'Z')}.json`,
  );
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
