'use client';

import type { THostSummary } from '@standby/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useLiveSocket } from './live-socket';
import { useTRPC } from './trpc';

/**
 * Watches hosts on `/live` (`watch:host`, again after every reconnect): on `host:changed` their detail,
 * runs, startup series, option history and pair are read again. Returns the latest live summary per
 * host, which shows INITIALIZING while a check runs (the stored detail only knows finished checks).
 */
export function useLiveHosts(hostIds: readonly string[]): {
  live: boolean;
  summaries: ReadonlyMap<string, THostSummary>;
} {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { socket, connected } = useLiveSocket();
  const [summaries, setSummaries] = useState<ReadonlyMap<string, THostSummary>>(() => new Map());
  const key = [...hostIds].sort().join(',');

  useEffect(() => {
    if (!socket || !key) return;
    const ids = key.split(',');
    const watch = () => {
      for (const id of ids) socket.emit('watch:host', id);
    };
    const refresh = () => {
      void queryClient.invalidateQueries(trpc.host.pathFilter());
      // The change list and the startup chart's change markers.
      void queryClient.invalidateQueries(trpc.changes.pathFilter());
      void queryClient.invalidateQueries(trpc.pair.get.pathFilter());
    };
    const onConnect = () => {
      // Live overrides from before the gap may be stale: the refetched details are the truth now.
      setSummaries(new Map());
      watch();
      refresh();
    };
    const onChanged = ({ hostId, summary }: { hostId: string; summary: THostSummary }) => {
      if (!ids.includes(hostId)) return;
      setSummaries((current) => new Map(current).set(hostId, summary));
      refresh();
    };
    if (socket.connected) watch();
    socket.on('connect', onConnect);
    socket.on('host:changed', onChanged);
    return () => {
      socket.off('connect', onConnect);
      socket.off('host:changed', onChanged);
      for (const id of ids) socket.emit('unwatch:host', id);
    };
  }, [socket, key, queryClient, trpc]);

  return { live: connected, summaries };
}
