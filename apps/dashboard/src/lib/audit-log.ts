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
  'agent.hello-refused',
  'agent.pair-refused',
  'host.switchover',
  'host.outside-change',
  'host.version-change',
  'host.server-start',
] as const;

export const AUDIT_TARGET_TYPES = ['host', 'user', 'enrollment-token'] as const;

export interface TAuditFieldChange {
  key: string;
  before: string | null;
  after: string | null;
}

type TJson = string | number | boolean | null | TJson[] | { [key: string]: TJson };

/** Fields of an event's JSON that the audit page shows in their own columns, not as a change. */
const LABEL_KEYS = new Set(['reason', 'hostname', 'targetLabel']);

/**
 * Before/after of an event, field by field when both are objects ("timeout: 15 → 30"); the reason and
 * the target's name, shown in their own columns, are left out.
 */
export function describeAuditChange(before: unknown, after: unknown): TAuditFieldChange[] {
  if (before === null && after === null) return [];
  const beforeObject = withoutLabels(asObject(before));
  const afterObject = withoutLabels(asObject(after));
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

function withoutLabels(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!value) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !LABEL_KEYS.has(key)));
}

function stringField(event: { before: unknown; after: unknown }, key: string): string | null {
  for (const side of [event.after, event.before]) {
    const value = asObject(side)?.[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

/** The operator's reason, where the event records one (an option change, ...). */
export function auditReason(event: { before: unknown; after: unknown }): string | null {
  return stringField(event, 'reason');
}

/** The target's name as the event recorded it (a host's name, an enrolling agent's host key). */
export function auditTargetName(event: { before: unknown; after: unknown }): string | null {
  return stringField(event, 'hostname') ?? stringField(event, 'targetLabel') ?? stringField(event, 'hostKey');
}
