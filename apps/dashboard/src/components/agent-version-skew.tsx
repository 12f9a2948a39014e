'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

/**
 * Which agent versions the fleet runs. `onlyWhenSkewed`: say nothing while every agent runs the newest
 * (the fleet page); the agents page always shows the line.
 */
export function AgentVersionSkew({ onlyWhenSkewed = false }: { onlyWhenSkewed?: boolean }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.fleet.agentVersions.queryOptions()).data;
  if (!summary?.newest) return null;
  if (onlyWhenSkewed && summary.behind === 0) return null;
  const skewed = summary.behind > 0;
  return (
    <p
      data-testid="agent-version-skew"
      className={`rounded-md border px-3 py-2 text-sm ${skewed ? 'border-amber-300 bg-amber-50 text-amber-900' : 'border-slate-200 bg-white text-slate-600'}`}
    >
      {skewed
        ? `Agent version skew: ${summary.behind.toLocaleString()} agent${summary.behind === 1 ? '' : 's'} behind ${summary.newest}. `
        : `Every agent runs ${summary.newest}. `}
      {summary.versions.map((entry) => `${entry.version} × ${entry.agents.toLocaleString()}`).join(' · ')}
    </p>
  );
}
