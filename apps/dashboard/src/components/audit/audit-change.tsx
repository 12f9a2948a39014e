import { describeHostEventChange } from '@/lib/host-events';
import { BeforeAfter } from '../before-after';

/** An event's before → after, field by field (options of an outside change compared one by one). */
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  return <BeforeAfter changes={describeHostEventChange({ before: before ?? null, after: after ?? null })} />;
}
