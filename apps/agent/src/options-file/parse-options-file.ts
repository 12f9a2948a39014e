import { OPTION_SECTION } from '@standby/domain';
import { ConfigError } from '../errors';

export interface OptionsFileLine {
  /** 1-based line number, for error messages. */
  line: number;
  section: string | undefined;
  key: string;
  value: string;
}

const SECTION = /^\s*\[([^\]]+)\]\s*$/;

/** The section a `[Section]` header line opens (trimmed), or undefined for any other line. */
export function readSectionHeader(raw: string): string | undefined {
  return SECTION.exec(raw)?.[1]?.trim();
}
const COMMENT = /^\s*[#;]/;
const ENTRY = /^\s*([^=\s][^=]*?)\s*=\s*(.*?)\s*$/;

/** Parses an INI options file: `[Section]`, `key = value`, `#` and `;` comment lines. */
export function parseOptionsFile(text: string, fileName: string): OptionsFileLine[] {
  const entries: OptionsFileLine[] = [];
  let section: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || COMMENT.test(raw)) return;
    const header = readSectionHeader(raw);
    if (header !== undefined) {
      section = header;
      return;
    }
    const entry = ENTRY.exec(raw);
    if (!entry)
      throw new ConfigError(
        `${fileName}:${line}: expected "key = value", "[Section]" or a comment, got "${raw.trim()}"`,
      );
    entries.push({ line, section, key: entry[1]!, value: entry[2]! });
  });
  return entries;
}

/** The `[TServer]` options (OPTION_SECTION) as written (last one wins, as SIP Server reads them). */
export function readTServerSection(lines: OptionsFileLine[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const entry of lines) if (entry.section === OPTION_SECTION) options[entry.key] = entry.value;
  return options;
}
