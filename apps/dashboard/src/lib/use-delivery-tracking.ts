'use client';

import type { TOptionChangeView } from '@standby/protocol';
import { useQueries } from '@tanstack/react-query';
import { isInFlight } from './delivery-states';
import { useTRPC } from './trpc';

export const DELIVERY_POLL_MS = 1_500;
/** Applied, waiting for a restart: read now and then, to show when it becomes effective. */
export const RESTART_POLL_MS = 10_000;
/** Beyond this many hosts the page follows a sample; the rest is in each host's option history. */
export const MAX_TRACKED_COMMANDS = 100;

/**
 * The changes made by the given commands (one command per host), read again every 1.5 s while any of a
 * command's changes is still pending or delivered, then every 10 s while it waits for a restart.
 */
export function useDeliveryTracking(commandIds: readonly string[]) {
  const trpc = useTRPC();
  const tracked = commandIds.slice(0, MAX_TRACKED_COMMANDS);
  const results = useQueries({
    queries: tracked.map((commandId) => ({
      ...trpc.changes.list.queryOptions({ commandId, limit: 50 }),
      staleTime: 0,
      refetchInterval: (query: { state: { data?: { changes: TOptionChangeView[] } } }) => {
        const changes = query.state.data?.changes;
        if (!changes || changes.length === 0 || changes.some((change) => isInFlight(change.state)))
          return DELIVERY_POLL_MS;
        return changes.some((change) => change.state === 'pending-restart') ? RESTART_POLL_MS : false;
      },
    })),
  });
  const changes = results.flatMap((result) => result.data?.changes ?? []);
  return {
    changes,
    tracked: tracked.length,
    total: commandIds.length,
    inFlight: results.some((result) => !result.data) || changes.some((change) => isInFlight(change.state)),
    error: results.find((result) => result.error)?.error ?? null,
  };
}
