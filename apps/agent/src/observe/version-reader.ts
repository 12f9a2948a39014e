import type { TAgentConfig, TVersionSource } from '@standby/protocol';
import { followLog, readCommandText, readFileText, readHttpText } from './source-text';

/** Returns a reader of the SIP Server's version: a literal as is, or read from its source; '' when unreadable. */
export function createVersionReader(version: TAgentConfig['sipServer']['version']): () => Promise<string> {
  if (typeof version === 'string') return async () => version;
  return createSourceVersionReader(version);
}

function createSourceVersionReader(source: TVersionSource): () => Promise<string> {
  const match = source.match === undefined ? undefined : new RegExp(source.match);
  // Capture group 1 of `match`; without one (a plain version file) the trimmed content.
  const extract = (text: string | undefined): string => {
    if (text === undefined) return '';
    if (!match) return text.trim().slice(0, 64);
    return (match.exec(text)?.[1] ?? '').trim().slice(0, 64);
  };
  if ('file' in source) return async () => extract(await readFileText(source.file));
  if ('http' in source) return async () => extract(await readHttpText(source.http));
  if ('command' in source) return async () => extract(await readCommandText(source.command));
  // A log: the last line that matches gives the version until a later one does.
  const readLines = followLog(source.log);
  let last = '';
  return async () => {
    const lines = await readLines().catch(() => undefined);
    if (lines === undefined) {
      last = '';
      return last;
    }
    for (const line of lines) {
      const found = extract(line);
      if (found) last = found;
    }
    return last;
  };
}
