'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLiveSocket } from '@/lib/live-socket';
import { createThrottle } from '@/lib/throttle';
import { useTRPC } from '@/lib/trpc';

/** Findings come from each host's verdict evaluation, which deltas report: read again at most this often. */
const FINDINGS_REFRESH_MS = 2_000;

/**
 * Keeps the Findings page current from `/live`: a `fleet:delta` re-reads the findings list on screen
 * (throttled; lists for other filters are read again when shown), and a reconnect re-reads it at once,
 * for what was missed meanwhile.
 */
export function useLiveFindings(): { live: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { socket, connected } = useLiveSocket();

  useEffect(() => {
    if (!socket) return;
    // Never cancel a read in flight: with many pages loaded it can take longer than the throttle.
    const reread = () =>
      void queryClient.invalidateQueries(trpc.findings.list.pathFilter(), { cancelRefetch: false });
    const list = createThrottle(reread, FINDINGS_REFRESH_MS);
    const onDelta = () => list.run();
    socket.on('fleet:delta', onDelta);
    socket.on('connect', reread);
    return () => {
      socket.off('fleet:delta', onDelta);
      socket.off('connect', reread);
      list.cancel();
    };
  }, [socket, queryClient, trpc]);

  return { live: connected };
}
