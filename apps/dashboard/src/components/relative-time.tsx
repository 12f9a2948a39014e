'use client';

import { describeAgo } from '@/lib/relative-time';
import { useNow } from '@/lib/use-now';

export function RelativeTime({ iso, prefix = '' }: { iso: string | null; prefix?: string }) {
  const now = useNow();
  if (!iso) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {prefix}
      {describeAgo(iso, now)}
    </time>
  );
}
