'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { AgentConnection } from '../agent-connection';
import { ConfirmButton } from '../ui/confirm-button';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { ToneBadge } from '../ui/tone-badge';

export function AgentsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const agents = useQuery(trpc.admin.agents.queryOptions());
  const revoke = useMutation(
    trpc.admin.revokeAgent.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(trpc.admin.agents.pathFilter()),
    }),
  );
  if (agents.isError)
    return <ErrorAlert>Could not load the agents: {describeError(agents.error)}</ErrorAlert>;
  if (!agents.data) return null;
  if (agents.data.length === 0) return <p className="text-sm text-slate-500">No agent has enrolled yet.</p>;
  return (
    <div className="overflow-x-auto">
      {revoke.error ? <ErrorAlert>{describeError(revoke.error)}</ErrorAlert> : null}
      <DataTable
        caption="Enrolled agents"
        columns={[
          { label: 'Host' },
          { label: 'Connection' },
          { label: 'Agent version' },
          { label: 'Enrolled' },
          { label: 'Last seen' },
          { label: 'Actions', hidden: true },
        ]}
        layout="card"
        testId="agents-table"
      >
        <tbody className="divide-y divide-slate-100">
          {agents.data.map((agent) => (
            <tr key={agent.id} data-testid="agent-row" data-host={agent.hostname}>
              <td className="px-3 py-2">
                <Link
                  href={`/hosts/${agent.hostId}`}
                  className="font-medium underline-offset-2 hover:underline"
                >
                  {agent.hostname}
                </Link>
                <div className="text-xs text-slate-500">{agent.application}</div>
              </td>
              <td className="px-3 py-2 text-xs">
                {agent.revokedAt ? (
                  <ToneBadge tone="danger">revoked</ToneBadge>
                ) : (
                  <AgentConnection connected={agent.connected} />
                )}
              </td>
              <td className="px-3 py-2 font-mono text-xs">{agent.agentVersion ?? '—'}</td>
              <td className="px-3 py-2 text-xs text-slate-600">{formatDateTime(agent.enrolledAt)}</td>
              <td className="px-3 py-2 text-xs text-slate-600">{formatDateTime(agent.lastSeenAt)}</td>
              <td className="px-3 py-2">
                {agent.revokedAt ? (
                  <span className="text-xs text-slate-500">revoked {formatDateTime(agent.revokedAt)}</span>
                ) : (
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel="Revoke agent"
                    question={`Cut ${agent.hostname}'s agent off now? It must enroll again with a new token.`}
                    onConfirm={() => revoke.mutate({ agentId: agent.id })}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
