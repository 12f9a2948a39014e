import type { AppRouter } from '@standby/api';
import { wireTransformer } from '@standby/protocol';
import { createTRPCClient, httpLink } from '@trpc/client';

/** The browser's tRPC client over HTTP, signed in with a session cookie (mutations need the origin too). */
export function createOperatorClient(dashboardUrl: string, cookie: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${dashboardUrl}/api/trpc`,
        headers: { cookie, origin: dashboardUrl },
        transformer: wireTransformer,
      }),
    ],
  });
}
