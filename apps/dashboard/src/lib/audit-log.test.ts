import { describe, expect, it } from 'vitest';
import { auditReason, auditTargetName, describeAuditChange } from './audit-log';

describe('audit log', () => {
  const event = {
    before: { 'backup-init-check-timeout': '15' },
    after: { 'backup-init-check-timeout': '30', reason: 'slow site', hostname: 'sip1b.example.net' },
  };

  it('reads the reason and the host name from the event, and leaves them out of the change', () => {
    expect(auditReason(event)).toBe('slow site');
    expect(auditTargetName(event)).toBe('sip1b.example.net');
    expect(describeAuditChange(event.before, event.after)).toEqual([
      { key: 'backup-init-check-timeout', before: '15', after: '30' },
    ]);
  });

  it('has no reason where the event has none', () => {
    expect(auditReason({ before: null, after: { role: 'admin' } })).toBeNull();
  });
});
