export type TCsvCell = string | number | boolean | null;

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection); tab and CR too in some.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field (RFC 4180): text that a spreadsheet would run as a formula gets a leading `'`, and a field
 * with a comma, quote or line break is quoted with its quotes doubled. Numbers and booleans are ours, not
 * user text, and are written as they are.
 */
export function csvCell(value: TCsvCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** One record, CRLF-terminated as RFC 4180 has it. */
export function csvRow(cells: readonly TCsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
