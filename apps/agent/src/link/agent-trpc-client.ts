import type { AppRouter } from '@standby/api';
import { wireTransformer } from '@standby/protocol';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { createDashboardFetch } from './dashboard-fetch';
import type { DashboardTls } from './dashboard-tls';

/**
 * The agent's tRPC client: mutations over HTTP, the command subscription over Server-Sent Events.
 * Node 20 has no EventSource, so the `eventsource` package provides one whose fetch carries the
 * credential as a header (kept out of URLs and so out of proxy logs). Both go through the same
 * fetch, which for an https:// dashboard trusts `tls.ca` and presents `tls.cert`.
 */
export function createAgentTrpcClient(
  dashboardUrl: string,
  credential: string | undefined,
  tls?: DashboardTls,
) {
  const url = new URL('/api/trpc', dashboardUrl).toString();
  const headers: Record<string, string> = credential ? { authorization: `Bearer ${credential}` } : {};
  const dashboardFetch = createDashboardFetch(dashboardUrl, tls);
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          transformer: wireTransformer,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              dashboardFetch(input, {
                ...init,
                headers: { ...(init?.headers as Record<string, string>), ...headers },
              }),
          }),
        }),
        false: httpLink({ url, headers, transformer: wireTransformer, fetch: dashboardFetch }),
      }),
    ],
  });
}

export type AgentTrpcClient = ReturnType<typeof createAgentTrpcClient>;
