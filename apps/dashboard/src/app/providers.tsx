'use client';

import { wireTransformer } from '@standby/protocol';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
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
  // A session that expired while the page was open (a query or an action refused as UNAUTHORIZED):
  // read `session.me` again, and the page guard sends the browser to sign in.
  const onError = (error: unknown) => {
    if (trpcErrorCode(error) === 'UNAUTHORIZED')
      void client.invalidateQueries({ queryKey: [['session', 'me']] });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
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
      links: [
        httpBatchLink({ url: '/api/trpc', maxURLLength: MAX_URL_LENGTH, transformer: wireTransformer }),
      ],
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
