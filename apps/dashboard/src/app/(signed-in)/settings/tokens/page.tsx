import type { Metadata } from 'next';
import { RequireSession } from '@/components/auth/require-session';
import { ApiTokensView } from '@/components/tokens/api-tokens-view';

export const metadata: Metadata = { title: 'API tokens · Standby' };

export default function ApiTokensPage() {
  return (
    <RequireSession>
      <ApiTokensView />
    </RequireSession>
  );
}
