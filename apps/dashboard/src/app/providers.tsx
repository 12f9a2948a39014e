'use client';

import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { type ReactNode, useState } from 'react';
import { LiveSocketProvider } from '@/lib/live-socket';
import { SessionProvider } from '@/lib/session';
import { TRPCProvider } from '@/lib/trpc';
import { isAuthError, trpcErrorCode } from '@/lib/trpc-errors';
import type { AppRouter } from '@/lib/trpc-types';

/** Batched GETs are split before their URL gets long (a selection's previews, delivery polling). */
const MAX_URL_LENGTH = 4_000;

function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // A session that expired while the page was open: read `session.me` again, the guard sends to sign-in.
      onError: (error) => {
        if (trpcErrorCode(error) === 'UNAUTHORIZED')
          void client.invalidateQueries({ queryKey: [['session', 'me']] });
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => !isAuthError(error) && failures < 2,
      },
    },
  });
  return client;
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: '/api/trpc', maxURLLength: MAX_URL_LENGTH })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SessionProvider>
          <LiveSocketProvider>{children}</LiveSocketProvider>
        </SessionProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
