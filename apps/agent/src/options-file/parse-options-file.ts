import { ConfigError } from '../errors';

export interface OptionsFileLine {
  /** 1-based line number, for error messages. */
  line: number;
  section: string | undefined;
  key: string;
  value: string;
}

const SECTION = /^\s*\[([^\]]+)\]\s*$/;
const COMMENT = /^\s*[#;]/;
const ENTRY = /^\s*([^=\s][^=]*?)\s*=\s*(.*?)\s*$/;

/** Parses an INI options file: `[Section]`, `key = value`, `#` and `;` comment lines. */
export function parseOptionsFile(text: string, fileName: string): OptionsFileLine[] {
  const entries: OptionsFileLine[] = [];
  let section: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || COMMENT.test(raw)) return;
    const header = SECTION.exec(raw);
    if (header) {
      section = header[1]!.trim();
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

/** The `[TServer]` options as written (last one wins, as SIP Server reads them). */
export function readTServerSection(lines: OptionsFileLine[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const entry of lines) if (entry.section === 'TServer') options[entry.key] = entry.value;
  return options;
}
