import { describeAuditChange } from '@/lib/audit-log';
import { BeforeAfter } from '../before-after';

/** An event's before → after, field by field. */
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  return <BeforeAfter changes={describeAuditChange(before, after)} />;
}
