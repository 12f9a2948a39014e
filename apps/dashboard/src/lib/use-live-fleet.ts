'use client';

import type { THostSummary } from '@standby/protocol';
import { hashKey, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { mergeFleetDelta, type TFleetPages } from './fleet-delta';
import { FLEET_PAGE_ROOT, fleetPageKey, type TFleetPageQueryInput } from './fleet-page-query';
import { useLiveSocket } from './live-socket';
import { createThrottle } from './throttle';
import { useTRPC } from './trpc';

/** The counts are a fleet-wide aggregate: recounted at most this often while deltas stream in. */
const COUNTS_REFRESH_MS = 1_500;
/**
 * A new host that matches the filter with every page loaded, or a host whose options became effective:
 * the list is read again, at most this often.
 */
const LIST_REFRESH_MS = 5_000;

/**
 * Keeps the fleet page current from `/live`: each coalesced `fleet:delta` is merged into the loaded
 * pages of the list on screen (no refetch), the counts are recounted (throttled), and after a
 * reconnect everything is read again once, for what was missed meanwhile.
 */
export function useLiveFleet(input: TFleetPageQueryInput): { live: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { socket, connected } = useLiveSocket();
  const inputRef = useRef(input);
  inputRef.current = input;

  useEffect(() => {
    if (!socket) return;
    const counts = createThrottle(
      // Never cancel a read in flight: with many pages loaded it can take longer than the throttle.
      () => void queryClient.invalidateQueries(trpc.fleet.counts.pathFilter(), { cancelRefetch: false }),
      COUNTS_REFRESH_MS,
    );
    const list = createThrottle(
      () =>
        void queryClient.invalidateQueries(
          { queryKey: fleetPageKey(inputRef.current) },
          { cancelRefetch: false },
        ),
      LIST_REFRESH_MS,
    );

    const onDelta = ({ hosts }: { hosts: THostSummary[] }) => {
      const key = fleetPageKey(inputRef.current);
      let refetch = false;
      queryClient.setQueryData<TFleetPages>(key, (data) => {
        if (!data) return data;
        const outcome = mergeFleetDelta(data, hosts, inputRef.current.filter);
        const lastPage = outcome.data.pages[outcome.data.pages.length - 1];
        refetch =
          outcome.optionsChanged > 0 || (outcome.unseen > 0 && (!lastPage || lastPage.nextCursor === null));
        return outcome.data;
      });
      if (refetch) list.run();
      // Lists for other filters or sorts are not on screen: read again when they are shown.
      const current = hashKey(key);
      void queryClient.invalidateQueries({
        queryKey: FLEET_PAGE_ROOT,
        predicate: (query) => query.queryHash !== current,
        refetchType: 'none',
      });
      counts.run();
    };
    const onConnect = () => {
      void queryClient.invalidateQueries({ queryKey: FLEET_PAGE_ROOT });
      void queryClient.invalidateQueries(trpc.fleet.counts.pathFilter());
    };

    socket.on('fleet:delta', onDelta);
    socket.on('connect', onConnect);
    return () => {
      socket.off('fleet:delta', onDelta);
      socket.off('connect', onConnect);
      counts.cancel();
      list.cancel();
    };
  }, [socket, queryClient, trpc]);

  return { live: connected };
}
