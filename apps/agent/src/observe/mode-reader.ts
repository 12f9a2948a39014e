import type { TSipServerMode } from '@standby/domain';
import type { TAgentConfig, TModeSource } from '@standby/protocol';
import { followLog, readCommandText, readFileText, readHttpText } from './source-text';

export type TObservedMode = TSipServerMode | 'unknown';

/**
 * Returns a reader of the SIP Server's role: a literal as is, or read from its source each call.
 * `unknown` whenever the source cannot be read or says neither.
 */
export function createModeReader(mode: TAgentConfig['sipServer']['mode']): () => Promise<TObservedMode> {
  if (typeof mode === 'string') return async () => mode;
  return createSourceModeReader(mode);
}

function createSourceModeReader(source: TModeSource): () => Promise<TObservedMode> {
  if ('file' in source)
    return async () => {
      const text = (await readFileText(source.file))?.trim().toLowerCase();
      return text === 'backup' || text === 'primary' ? text : 'unknown';
    };
  const backup = new RegExp(source.backup);
  const primary = new RegExp(source.primary);
  const classify = (text: string | undefined): TObservedMode => {
    if (text === undefined) return 'unknown';
    if (backup.test(text)) return 'backup';
    if (primary.test(text)) return 'primary';
    return 'unknown';
  };
  if ('http' in source) return async () => classify(await readHttpText(source.http));
  if ('command' in source) return async () => classify(await readCommandText(source.command));
  // A log: the last line matching either expression wins, and stays the answer until another one.
  const readLines = followLog(source.log);
  let last: TObservedMode = 'unknown';
  return async () => {
    const lines = await readLines().catch(() => undefined);
    if (lines === undefined) {
      last = 'unknown';
      return last;
    }
    for (const line of lines) {
      const seen = classify(line);
      if (seen !== 'unknown') last = seen;
    }
    return last;
  };
}
