import type { z } from 'zod';

/** Field errors by dotted path (`reason`, `config.url`, `config.headers.X-Token`, `scope.hostIds`). */
export type TFieldErrors = Readonly<Record<string, string>>;

/** Where an issue without a path (the whole form) is filed. */
export const FORM_ERROR = '_form';

/**
 * Plainer words for zod's generic messages. The server's schemas are parsed as they are (the same
 * rules as the server applies); only messages the schema did not word itself are replaced.
 */
function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const input = issue.input;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'Required.' : `At least ${issue.minimum} characters.`;
      if (issue.origin === 'array')
        return Number(issue.minimum) <= 1 ? 'Choose at least one.' : `At least ${issue.minimum}.`;
      if (issue.origin === 'number') return `At least ${issue.minimum}.`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') return `At most ${issue.maximum} characters.`;
      if (issue.origin === 'array') return `At most ${issue.maximum}.`;
      if (issue.origin === 'number') return `At most ${issue.maximum}.`;
      return undefined;
    case 'invalid_type':
      if (input === undefined || input === '' || input === null) return 'Required.';
      if (issue.expected === 'number') return 'A number.';
      if (issue.expected === 'int') return 'A whole number.';
      if (issue.expected === 'date') return 'A date and time.';
      return undefined;
    case 'invalid_format':
      if (issue.format === 'url') return 'A URL starting with http:// or https://.';
      if (issue.format === 'email')
        return `Not an email address${typeof input === 'string' ? `: ${input}` : ''}.`;
      if (issue.format === 'uuid' || issue.format === 'guid') return 'Not a known id.';
      return undefined;
    case 'invalid_value':
      return input === undefined || input === '' ? 'Required.' : undefined;
    default:
      return undefined;
  }
}

/**
 * Parses `value` with a server schema; on failure, one message per field (the first issue of each path).
 * Messages a schema words itself ("at least 16 characters", "the end must come after the start") are kept.
 */
export function validateWith<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
): { ok: true; data: z.output<TSchema> } | { ok: false; errors: TFieldErrors } {
  const result = schema.safeParse(value, { error: plainMessage });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrorsOf(result.error) };
}

export function fieldErrorsOf(error: z.ZodError): TFieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || FORM_ERROR;
    errors[path] ??= issue.message;
  }
  return errors;
}

/**
 * The error to show under the field at `path`: its own, or the first one of a part of it (`config.to.1`
 * shows under `config.to`).
 */
export function errorAt(errors: TFieldErrors, path: string): string | null {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith(prefix)) return message;
  }
  return null;
}

/**
 * Errors no field of the form shows (the form lists them at its end, with their path), so that nothing
 * the schema refused goes unsaid.
 */
export function unplacedErrors(errors: TFieldErrors, shownPaths: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => !shownPaths.some((path) => key === path || key.startsWith(`${path}.`)))
    .map(([key, message]) => (key === FORM_ERROR ? message : `${key}: ${message}`));
}
