'use client';

import { useQueries } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** Beyond this many distinct hosts on a page, the rest keep their short ids (one batched read at most). */
const MAX_LOOKUPS = 30;

/**
 * Host names for host ids an audit page shows without one. The audit event carries only the id: the
 * hosts are read (batched into one request, cached); a deleted host keeps its id.
 */
export function useHostNames(hostIds: readonly string[]): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const ids = [...new Set(hostIds)].slice(0, MAX_LOOKUPS);
  const results = useQueries({
    queries: ids.map((hostId) => ({
      ...trpc.host.get.queryOptions({ hostId }),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    const id = ids[index];
    if (id && result.data) names.set(id, result.data.host.hostname);
  });
  return names;
}
