'use client';

import type { TCommandTarget } from '@standby/protocol';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPCClient } from './trpc';
import { useDebouncedValue } from './use-debounced-value';

/** Hosts per preview page: the server plans every host for the totals, the page lists these. */
export const DRY_RUN_PAGE_SIZE = 50;

/**
 * The server's dry run of a change (every target host, queued changes included), paged. A mutation on the
 * wire (its target does not fit a URL) read as a query here: cached per target and values, and refetched
 * after a pause in typing, never per key.
 */
export function useDryRun(target: TCommandTarget, values: Record<string, string>) {
  const client = useTRPCClient();
  // Debounced as text: a new object each render would restart the pause forever.
  const requestText = useDebouncedValue(JSON.stringify({ target, values }), 300);
  const request = useMemo(
    () => JSON.parse(requestText) as { target: TCommandTarget; values: Record<string, string> },
    [requestText],
  );
  return useInfiniteQuery({
    queryKey: ['commands.dryRun', request],
    enabled: Object.keys(request.values).length > 0,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.commands.dryRun.mutate(
        { ...request, limit: DRY_RUN_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        { signal },
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A preview goes stale as soon as another change is queued: never served from an old cache.
    staleTime: 0,
    gcTime: 0,
  });
}
