import { readFile } from 'node:fs/promises';
import { OPTION_SECTION } from '@standby/domain';
import { ConfigError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { parseOptionsFile, readSectionHeader, readTServerSection } from './parse-options-file';

// Splits an entry line into what stays (indent, key, spacing around `=`), the value, and trailing spacing.
const ENTRY_PARTS = /^(\s*[^=\s][^=]*?\s*=)(\s*)(.*?)(\s*)$/;
const SEPARATOR = /^\s*[^=\s][^=]*?(\s*=\s*)/;
const VALID_KEY = /^[^\s=#;[][^=]*$/;

export interface TServerOptionsUpdate {
  before: Record<string, string | undefined>;
  after: Record<string, string>;
}

interface RawLine {
  body: string;
  /** The line's own terminator ('' for a last line without one), so untouched lines round-trip exactly. */
  eol: string;
}

/**
 * Sets `[TServer]` options in a SIP Server options file, rewriting only those values: every other byte stays as it was.
 * The last occurrence of a key is the one changed (it is the one that wins); new keys go after the section's last entry.
 */
export async function updateTServerOptions(
  file: string,
  changes: Record<string, string>,
): Promise<TServerOptionsUpdate> {
  for (const [key, value] of Object.entries(changes)) {
    if (/[\r\n]/.test(key) || /[\r\n]/.test(value))
      throw new ConfigError(
        `options file ${file}: option "${key.replace(/[\r\n]/g, ' ')}" contains a newline`,
      );
    if (key.trim() !== key || !VALID_KEY.test(key))
      throw new ConfigError(`options file ${file}: "${key}" is not a valid option name`);
    // Values arrive normalized (domain normalizeOptionValue); padding here would be written as is.
    if (value.trim() !== value)
      throw new ConfigError(
        `options file ${file}: the value of "${key}" is not trimmed (normalize it first)`,
      );
  }

  const text = await readText(file);
  const entries = parseOptionsFile(text, file);
  const before: Record<string, string | undefined> = {};
  const current = readTServerSection(entries);
  for (const key of Object.keys(changes))
    before[key] = Object.hasOwn(current, key) ? current[key] : undefined;

  const lines = splitLines(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sectionEntries = entries.filter((e) => e.section === OPTION_SECTION);
  const missing: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const last = sectionEntries.findLast((e) => e.key === key);
    if (!last) {
      missing.push(key);
      continue;
    }
    const line = lines[last.line - 1]!;
    line.body = replaceValue(line.body, value);
  }

  if (missing.length > 0) {
    const anchor = sectionEntries.at(-1);
    if (anchor) {
      const anchorLine = lines[anchor.line - 1]!;
      const separator = SEPARATOR.exec(anchorLine.body)?.[1] ?? ' = ';
      const indent = /^\s*/.exec(anchorLine.body)![0];
      insertAfter(
        lines,
        anchor.line - 1,
        missing.map((key) => `${indent}${key}${separator}${changes[key]}`),
        eol,
      );
    } else {
      const headerIndex = findLastSectionHeader(lines);
      const added = missing.map((key) => `${key} = ${changes[key]}`);
      if (headerIndex !== undefined) insertAfter(lines, headerIndex, added, eol);
      else appendSection(lines, added, eol);
    }
  }

  const updated = lines.map((l) => l.body + l.eol).join('');
  // Leave an unchanged file alone (and its mtime), e.g. when the values were already set.
  if (updated !== text) await writeFileAtomic(file, updated);
  return { before, after: { ...changes } };
}

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ConfigError(
      `options file ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    // Decoding lossily would silently corrupt other lines on write-back.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ConfigError(`options file ${file}: not valid UTF-8, refusing to rewrite it`);
  }
}

/** Splits the way parseOptionsFile does (on \n or \r\n), so line numbers match its entries. */
function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  const pattern = /([^\n]*?)(\r?\n|$)/gy;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    lines.push({ body: match[1]!, eol: match[2]! });
    if (match[2] === '') break;
  }
  return lines;
}

function replaceValue(body: string, value: string): string {
  const parts = ENTRY_PARTS.exec(body);
  // parseOptionsFile accepted this line as an entry, so ENTRY_PARTS matches it.
  if (!parts) return body;
  const head = parts[1]!;
  const oldValue = parts[3]!;
  // Only plain spaces and tabs around the old value are kept: \s also matches Unicode spaces (U+00A0,
  // U+2003…), which SIP Server may read as part of the value. The value written is exactly the normalized one.
  let gap = asciiBlanks(parts[2]!, ' ');
  // "key =" with no value: follow the "key = value" spacing rather than writing "key =value".
  if (oldValue === '' && gap === '' && value !== '' && /\s=$/.test(head)) gap = ' ';
  // Trailing spaces are kept after a value; after an emptied value there is nothing for them to follow.
  return `${head}${gap}${value}${value === '' ? '' : asciiBlanks(parts[4]!, '')}`;
}

/** Spacing kept as it was if it is plain spaces and tabs; otherwise `fallback`. */
function asciiBlanks(spacing: string, fallback: string): string {
  return /^[ \t]*$/.test(spacing) ? spacing : fallback;
}

function insertAfter(lines: RawLine[], index: number, bodies: string[], eol: string): void {
  const anchor = lines[index]!;
  // The anchor may be the file's unterminated last line: it gets a terminator, the last new line inherits none.
  const finalEol = anchor.eol;
  if (anchor.eol === '') anchor.eol = eol;
  const added = bodies.map((body, i) => ({
    body,
    eol: i === bodies.length - 1 && finalEol === '' ? '' : eol,
  }));
  lines.splice(index + 1, 0, ...added);
}

function findLastSectionHeader(lines: RawLine[]): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--)
    if (readSectionHeader(lines[i]!.body) === OPTION_SECTION) return i;
  return undefined;
}

function appendSection(lines: RawLine[], bodies: string[], eol: string): void {
  const last = lines.at(-1);
  // An empty trailing "line" is just the end of a file that ends with a newline.
  if (last && last.body === '' && last.eol === '') lines.pop();
  const tail = lines.at(-1);
  if (tail) {
    if (tail.eol === '') tail.eol = eol;
    if (tail.body.trim() !== '') lines.push({ body: '', eol });
  }
  lines.push({ body: `[${OPTION_SECTION}]`, eol }, ...bodies.map((body) => ({ body, eol })));
}
