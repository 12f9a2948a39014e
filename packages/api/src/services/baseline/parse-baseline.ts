import { CHECK_OPTION_NAMES, type TBaseline, validateOptionValues } from '@standby/domain';
import { AppError, ZBaselineDocumentSchema } from '@standby/protocol';
import { LineCounter, parseDocument } from 'yaml';

/**
 * The baseline YAML as the domain's TBaseline, every value validated and normalized by the option
 * catalog. Refused with BAD_REQUEST naming the line and the field (never a parser's stack or internals).
 */
export function parseBaselineYaml(text: string): TBaseline {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const [syntax] = doc.errors;
  if (syntax) {
    const line = syntax.linePos?.[0]?.line ?? lineCounter.linePos(syntax.pos[0]).line;
    throw new AppError(
      'BAD_REQUEST',
      `The baseline is not valid YAML${line ? ` (line ${line})` : ''}: ${firstLine(syntax.message)}.`,
    );
  }
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // The deepest node that exists along the path (a missing key is reported at its parent).
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] };
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const where = (path: readonly PropertyKey[]) => {
    const line = lineOf(path);
    return `${path.length ? path.map(String).join('.') : 'the document'}${line ? ` (line ${line})` : ''}`;
  };

  const parsed = ZBaselineDocumentSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      return `${where(issue.path)}: ${issue.message}${keys}`;
    });
    throw new AppError('BAD_REQUEST', `The baseline is refused: ${issues.join('; ')}.`);
  }

  const errors: string[] = [];
  const checked = (values: Record<string, string>, path: PropertyKey[]): Record<string, string> => {
    // The check's own options: sip-port and sip-address locate each host's port, they are no policy.
    const validation = validateOptionValues(values, { allowed: CHECK_OPTION_NAMES });
    if (validation.ok) return validation.values;
    for (const error of validation.errors) errors.push(`${where([...path, error.option])}: ${error.message}`);
    return {};
  };
  const document = parsed.data;
  const baseline: TBaseline = {
    fleet: checked(document.fleet, ['fleet']),
    pairs: Object.fromEntries(
      Object.entries(document.pairs).map(([pair, values]) => [pair, checked(values, ['pairs', pair])]),
    ),
    hosts: document.hosts.map((entry, index) => ({
      match: entry.match,
      options: checked(entry.options, ['hosts', index, 'options']),
    })),
  };
  if (errors.length) throw new AppError('BAD_REQUEST', `The baseline is refused: ${errors.join('; ')}.`);
  return baseline;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}
