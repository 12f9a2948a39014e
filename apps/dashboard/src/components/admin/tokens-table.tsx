'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { enrollmentTokenStatus } from '@/lib/enrollment-token-status';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { useNow } from '@/lib/use-now';
import { ConfirmButton } from '../ui/confirm-button';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { ToneBadge } from '../ui/tone-badge';

export function TokensTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const tokens = useQuery(trpc.admin.enrollmentTokens.queryOptions());
  const revoke = useMutation(
    trpc.admin.revokeEnrollmentToken.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(trpc.admin.enrollmentTokens.pathFilter()),
    }),
  );
  if (tokens.isError)
    return <ErrorAlert>Could not load the tokens: {describeError(tokens.error)}</ErrorAlert>;
  if (!tokens.data) return null;
  if (tokens.data.length === 0) return <p className="text-sm text-slate-500">No enrollment token yet.</p>;
  return (
    <div className="overflow-x-auto">
      {revoke.error ? <ErrorAlert>{describeError(revoke.error)}</ErrorAlert> : null}
      <DataTable
        caption="Enrollment tokens"
        columns={[
          { label: 'Label' },
          { label: 'State' },
          { label: 'Uses left' },
          { label: 'Created' },
          { label: 'Expires' },
          { label: 'Actions', hidden: true },
        ]}
        testId="tokens-table"
      >
        <tbody className="divide-y divide-slate-100">
          {tokens.data.map((token) => {
            const status = enrollmentTokenStatus(token, now);
            return (
              <tr key={token.id} data-testid="token-row">
                <td className="px-3 py-2">
                  {token.label ?? <span className="text-slate-400">no label</span>}
                </td>
                <td className="px-3 py-2">
                  <ToneBadge tone={status.tone}>{status.label}</ToneBadge>
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {token.usesLeft} of {token.maxUses}
                </td>
                <td className="px-3 py-2 text-xs text-slate-600">{formatDateTime(token.createdAt)}</td>
                <td className="px-3 py-2 text-xs text-slate-600">{formatDateTime(token.expiresAt)}</td>
                <td className="px-3 py-2">
                  {status.label === 'active' ? (
                    <ConfirmButton
                      label="Revoke"
                      confirmLabel="Revoke token"
                      question="No new agent can enroll with it; enrolled agents keep working."
                      onConfirm={() => revoke.mutate({ tokenId: token.id })}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
    </div>
  );
}
