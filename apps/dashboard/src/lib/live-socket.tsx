'use client';

import type { BrowserToServerEvents, ServerToBrowserEvents } from '@standby/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useCurrentUser } from './session';

export type TLiveSocket = Socket<ServerToBrowserEvents, BrowserToServerEvents>;

interface TLiveSocketState {
  socket: TLiveSocket | null;
  connected: boolean;
}

const LiveSocketContext = createContext<TLiveSocketState>({ socket: null, connected: false });

/**
 * One /live connection per tab, opened once someone is signed in (the server refuses it otherwise; the
 * session cookie goes along on its own). Pages subscribe to its events through `useLiveSocket`.
 */
export function LiveSocketProvider({ children }: { children: ReactNode }) {
  const userId = useCurrentUser()?.id;
  const queryClient = useQueryClient();
  const [state, setState] = useState<TLiveSocketState>({ socket: null, connected: false });

  useEffect(() => {
    if (!userId) return;
    const socket: TLiveSocket = io('/live', { transports: ['websocket'] });
    setState({ socket, connected: socket.connected });
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const onConnect = () => {
      attempts = 0;
      setState({ socket, connected: true });
    };
    const onDisconnect = () => {
      setState({ socket, connected: false });
      // The server closed it or refused a reconnect (session ended, or it was restarting):
      // socket.io gives up then. Ask who is signed in — the guard sends to sign-in if nobody —
      // and try again with a growing pause while the session stands.
      if (socket.active || retry) return;
      void queryClient.invalidateQueries({ queryKey: [['session', 'me']] });
      retry = setTimeout(
        () => {
          retry = undefined;
          socket.connect();
        },
        Math.min(30_000, 1_000 * 2 ** attempts++),
      );
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onDisconnect);
    return () => {
      clearTimeout(retry);
      socket.close();
      setState({ socket: null, connected: false });
    };
  }, [userId, queryClient]);

  return <LiveSocketContext.Provider value={state}>{children}</LiveSocketContext.Provider>;
}

export function useLiveSocket(): TLiveSocketState {
  return useContext(LiveSocketContext);
}
