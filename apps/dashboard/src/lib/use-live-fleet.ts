'use client';

import type { ServerToBrowserEvents, THostSummary } from '@standby/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useTRPC } from './trpc';

/** Merges coalesced `fleet:delta` messages from /live into the fleet query's cache. */
export function useLiveFleet(): { live: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);

  useEffect(() => {
    const socket: Socket<ServerToBrowserEvents> = io('/live', { transports: ['websocket'] });
    const queryKey = trpc.fleet.list.queryKey();
    socket.on('connect', () => {
      setLive(true);
      // Anything missed while disconnected: refetch once, then deltas keep it current.
      void queryClient.invalidateQueries({ queryKey });
    });
    socket.on('disconnect', () => setLive(false));
    socket.on('fleet:delta', ({ hosts }) => {
      queryClient.setQueryData(queryKey, (current) =>
        current ? { hosts: mergeHosts(current.hosts, hosts) } : current,
      );
      if (hosts.some((h) => !queryClient.getQueryData(queryKey)?.hosts.some((c) => c.id === h.id))) {
        void queryClient.invalidateQueries({ queryKey });
      }
    });
    return () => {
      socket.close();
    };
  }, [trpc, queryClient]);

  return { live };
}

function mergeHosts(current: THostSummary[], changed: THostSummary[]): THostSummary[] {
  const byId = new Map(changed.map((h) => [h.id, h]));
  const merged = current.map((h) => byId.get(h.id) ?? h);
  const known = new Set(current.map((h) => h.id));
  for (const h of changed) if (!known.has(h.id)) merged.push(h);
  return merged;
}
