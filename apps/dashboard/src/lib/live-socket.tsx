'use client';

import type { BrowserToServerEvents, ServerToBrowserEvents } from '@standby/protocol';
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
  const [state, setState] = useState<TLiveSocketState>({ socket: null, connected: false });

  useEffect(() => {
    if (!userId) return;
    const socket: TLiveSocket = io('/live', { transports: ['websocket'] });
    setState({ socket, connected: socket.connected });
    const onConnect = () => setState({ socket, connected: true });
    const onDisconnect = () => setState({ socket, connected: false });
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onDisconnect);
    return () => {
      socket.close();
      setState({ socket: null, connected: false });
    };
  }, [userId]);

  return <LiveSocketContext.Provider value={state}>{children}</LiveSocketContext.Provider>;
}

export function useLiveSocket(): TLiveSocketState {
  return useContext(LiveSocketContext);
}
