import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors';
import { parseOptionsFile, readTServerSection } from './parse-options-file';

/** Reads the SIP Server application's `[TServer]` options. A missing or unreadable file is a configuration error. */
export async function readTServerOptions(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `options file ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return readTServerSection(parseOptionsFile(text, file));
}
