import type { THostEventsPage } from '@standby/protocol';
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from './trpc-types';

interface THostEventsInput {
  hostId: string;
  limit: number;
  cursor?: string;
}

interface THostEventsProcedure {
  query(input: THostEventsInput, options?: { signal?: AbortSignal }): Promise<THostEventsPage>;
}

/**
 * `host.events` as an infinite query, typed by the protocol's page schema. The key has tRPC's shape
 * (`[['host', 'events'], …]`), so that invalidating `host` on a live change reads the events again too.
 * Reached through the plain client while the router type does not list the procedure yet.
 */
export function hostEventsQueryOptions(client: TRPCClient<AppRouter>, hostId: string, limit: number) {
  const procedure = (client.host as unknown as { events: THostEventsProcedure }).events;
  return infiniteQueryOptions({
    queryKey: [['host', 'events'], { input: { hostId, limit }, type: 'infinite' }] as const,
    queryFn: ({ pageParam, signal }) =>
      procedure.query({ hostId, limit, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: THostEventsPage) => last.nextCursor,
  });
}
