'use client';

import { describeAgo, describeIn } from '@/lib/relative-time';
import { useNow } from '@/lib/use-now';

/** A time relative to now; `ahead` for a deadline ("in 5m"), otherwise a time past ("5m ago"). */
export function RelativeTime({
  iso,
  prefix = '',
  ahead = false,
}: {
  iso: string | null;
  prefix?: string;
  ahead?: boolean;
}) {
  const now = useNow();
  if (!iso) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {prefix}
      {ahead ? describeIn(iso, now) : describeAgo(iso, now)}
    </time>
  );
}
