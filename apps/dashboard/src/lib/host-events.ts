import type { HOST_EVENT_KINDS } from '@standby/protocol';
import { describeAuditChange, type TAuditFieldChange } from './audit-log';

export const HOST_EVENT_LABELS: Record<(typeof HOST_EVENT_KINDS)[number], string> = {
  switchover: 'switchover',
  'outside-change': 'changed outside Standby',
  'version-change': 'version change',
  'server-start': 'SIP Server start',
};

/**
 * An event's before → after, field by field. Options arrive nested (`{options: {...}}`): their own
 * fields are compared, and only those that changed are listed.
 */
export function describeHostEventChange(event: { before: unknown; after: unknown }): TAuditFieldChange[] {
  const before = unwrapOptions(event.before);
  const after = unwrapOptions(event.after);
  return describeAuditChange(before, after).filter((change) => change.before !== change.after);
}

function unwrapOptions(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'options' in value) {
    const options = (value as { options: unknown }).options;
    if (options && typeof options === 'object' && !Array.isArray(options)) return options;
  }
  return value ?? null;
}
