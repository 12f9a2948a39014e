'use client';

import type { TAlertScope } from '@standby/protocol';
import { useQueries } from '@tanstack/react-query';
import { useTRPC } from './trpc';
import { useHostNames } from './use-host-names';

/** Beyond this many distinct pairs, the rest keep their short ids. */
const MAX_PAIR_LOOKUPS = 30;

/** Names (id ⇒ hostname or pair name) for the hosts and pairs that rules and silences name by id. */
export function useScopeNames(scopes: readonly TAlertScope[]): ReadonlyMap<string, string> {
  const trpc = useTRPC();
  const hostIds = scopes.flatMap((scope) => (scope.kind === 'hosts' ? scope.hostIds : []));
  const pairIds = [
    ...new Set(scopes.flatMap((scope) => (scope.kind === 'pairs' ? scope.pairIds : []))),
  ].slice(0, MAX_PAIR_LOOKUPS);
  const hostNames = useHostNames(hostIds);
  const pairs = useQueries({
    queries: pairIds.map((pairId) => ({
      ...trpc.pair.get.queryOptions({ pairId }),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names = new Map(hostNames);
  pairs.forEach((result, index) => {
    const id = pairIds[index];
    if (id && result.data) names.set(id, result.data.name);
  });
  return names;
}
