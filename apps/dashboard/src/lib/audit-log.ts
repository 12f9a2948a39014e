/** Actions the server records (suggestions for the filter; any other text filters too). */
export const AUDIT_ACTIONS = [
  'option.change',
  'check.run-now',
  'command.pending-restart',
  'command.rejected',
  'command.done',
  'command.failed',
  'user.sign-in',
  'user.sign-in-failed',
  'user.create',
  'user.update',
  'enrollment-token.create',
  'enrollment-token.revoke',
  'agent.enroll',
  'agent.re-enroll',
  'agent.revoke',
] as const;

export const AUDIT_TARGET_TYPES = ['host', 'user', 'enrollment-token'] as const;

export interface TAuditFieldChange {
  key: string;
  before: string | null;
  after: string | null;
}

type TJson = string | number | boolean | null | TJson[] | { [key: string]: TJson };

/** Before/after of an event, field by field when both are objects ("timeout: 15 → 30"). */
export function describeAuditChange(before: unknown, after: unknown): TAuditFieldChange[] {
  if (before === null && after === null) return [];
  const beforeObject = asObject(before);
  const afterObject = asObject(after);
  if ((before === null || beforeObject) && (after === null || afterObject)) {
    const keys = [...new Set([...Object.keys(beforeObject ?? {}), ...Object.keys(afterObject ?? {})])];
    return keys.map((key) => ({
      key,
      before: beforeObject && key in beforeObject ? show(beforeObject[key] as TJson) : null,
      after: afterObject && key in afterObject ? show(afterObject[key] as TJson) : null,
    }));
  }
  return [
    {
      key: '',
      before: before === null ? null : show(before as TJson),
      after: after === null ? null : show(after as TJson),
    },
  ];
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function show(value: TJson): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
