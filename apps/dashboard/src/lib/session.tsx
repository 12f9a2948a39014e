'use client';

import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { hasRole, type TRole, type TSessionUser } from './permissions';
import { useTRPC } from './trpc';

export type TSessionState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'signed-out'; needsSetup: boolean }
  | { status: 'signed-in'; user: TSessionUser };

const SessionContext = createContext<TSessionState>({ status: 'loading' });

/** Reads `session.me` once for the whole page tree. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions(undefined, { staleTime: 60_000, retry: 1 }));
  let state: TSessionState;
  if (me.data) {
    state = me.data.user
      ? { status: 'signed-in', user: me.data.user }
      : { status: 'signed-out', needsSetup: me.data.needsSetup };
  } else if (me.isError) {
    state = { status: 'error', message: me.error.message };
  } else {
    state = { status: 'loading' };
  }
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): TSessionState {
  return useContext(SessionContext);
}

/** The signed-in user, or null (signed out or still loading). */
export function useCurrentUser(): TSessionUser | null {
  const session = useSession();
  return session.status === 'signed-in' ? session.user : null;
}

/** Whether the signed-in user has at least `minimum`: decides which controls a page shows. */
export function useHasRole(minimum: TRole): boolean {
  return hasRole(useCurrentUser(), minimum);
}
