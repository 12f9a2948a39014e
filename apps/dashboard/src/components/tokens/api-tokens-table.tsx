'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { ConfirmButton } from '../ui/confirm-button';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { ToneBadge } from '../ui/tone-badge';

const STATE_TONE = { active: 'success', expired: 'neutral', revoked: 'neutral' } as const;

export function ApiTokensTable({ all }: { all: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions({ all }));
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(trpc.tokens.list.pathFilter()),
    }),
  );
  if (tokens.isError)
    return <ErrorAlert>Could not load the tokens: {describeError(tokens.error)}</ErrorAlert>;
  if (!tokens.data) return null;
  if (tokens.data.length === 0) return <p className="text-sm text-slate-500">No API token yet.</p>;
  return (
    <div className="overflow-x-auto">
      {revoke.error ? <ErrorAlert>{describeError(revoke.error)}</ErrorAlert> : null}
      <DataTable
        caption="API tokens"
        columns={[
          { label: 'Name' },
          { label: 'Token' },
          { label: 'Owner' },
          { label: 'Scope' },
          { label: 'State' },
          { label: 'Last used' },
          { label: 'Expires' },
          { label: 'Actions', hidden: true },
        ]}
        testId="api-tokens-table"
      >
        <tbody className="divide-y divide-slate-100">
          {tokens.data.map((token) => (
            <tr key={token.id} data-testid="api-token-row">
              <td className="px-3 py-2">{token.name}</td>
              <td className="px-3 py-2 font-mono text-xs">{token.prefix}…</td>
              <td className="px-3 py-2 text-xs">{token.owner.email}</td>
              <td className="px-3 py-2">
                {token.scope}
                {token.pairIds.length > 0 ? (
                  <span className="text-xs text-slate-500"> · {token.pairIds.length} pair(s)</span>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <ToneBadge tone={STATE_TONE[token.state]}>{token.state}</ToneBadge>
              </td>
              <td className="px-3 py-2 text-xs text-slate-600">
                {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'never'}
              </td>
              <td className="px-3 py-2 text-xs text-slate-600">{formatDateTime(token.expiresAt)}</td>
              <td className="px-3 py-2">
                {token.state === 'active' ? (
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel="Revoke token"
                    question="Scripts using it are refused from their next request."
                    onConfirm={() => revoke.mutate({ tokenId: token.id })}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
