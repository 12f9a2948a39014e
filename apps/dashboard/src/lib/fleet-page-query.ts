import type { TFleetFilter, TFleetPage, TFleetSort, TSortDirection } from '@standby/protocol';
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from './trpc-types';

/** Rows per keyset page: enough to fill a screen twice, small enough to stay quick at 10,000 hosts. */
export const FLEET_PAGE_SIZE = 150;

export interface TFleetPageQueryInput {
  filter: TFleetFilter;
  sort: TFleetSort;
  direction: TSortDirection;
}

/** Prefix of every fleet page cache entry. */
export const FLEET_PAGE_ROOT = ['standby', 'fleet.page'] as const;

export function fleetPageKey(input: TFleetPageQueryInput) {
  return [...FLEET_PAGE_ROOT, input] as const;
}

/**
 * fleet.page as an infinite query. Not tRPC's `infiniteQueryOptions`: it sends its own `direction`
 * (forward/backward) in the input, which would overwrite this procedure's sort direction (asc/desc).
 */
export function fleetPageQueryOptions(client: TRPCClient<AppRouter>, input: TFleetPageQueryInput) {
  return infiniteQueryOptions({
    queryKey: fleetPageKey(input),
    queryFn: ({ pageParam, signal }): Promise<TFleetPage> =>
      client.fleet.page.query(
        { ...input, limit: FLEET_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last: TFleetPage) => last.nextCursor,
  });
}
