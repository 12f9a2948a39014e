'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { FindingsList } from '../findings/findings-list';

/**
 * A member's findings in words, not just counted: the pair only carries counts, so the member's detail
 * is read (the page reads it again on every live change of the member).
 */
export function MemberFindings({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.host.get.queryOptions({ hostId }));
  if (detail.isError)
    return <p className="text-xs text-red-700">Could not load the findings: {describeError(detail.error)}</p>;
  if (detail.isPending) return <p className="text-xs text-slate-500">Loading findings…</p>;
  return <FindingsList findings={detail.data.findings} emptyText="No findings." />;
}
