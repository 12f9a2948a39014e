'use client';

import type { THostSilence } from '@standby/protocol';
import { useQuery } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import { useTRPCClient } from './trpc';
import type { AppRouter } from './trpc-types';

/** Prefix of every per-host silence cache entry: invalidate it when a silence is created or ended. */
export const HOST_SILENCE_ROOT = ['standby', 'alerts.hostSilence'] as const;

/** Ids asked for within this window go out as one `silencesForHosts` call (a page of rows mounting). */
const BATCH_WINDOW_MS = 15;
const BATCH_MAX = 500;
/** A scheduled silence starts by itself: the badges look again this often. */
const REFRESH_MS = 60_000;

type TFetchSilences = (hostIds: string[]) => Promise<readonly THostSilence[]>;

/**
 * Collects the host ids the visible rows ask for and reads their silences in one call per window
 * (chunks of BATCH_MAX), then answers each row: a fleet page costs one request, not one per host.
 */
export function createSilenceBatcher(fetchSilences: TFetchSilences, windowMs = BATCH_WINDOW_MS) {
  let pending = new Map<
    string,
    { resolve: (value: THostSilence | null) => void; reject: (e: unknown) => void }[]
  >();
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    const ids = [...batch.keys()];
    for (let start = 0; start < ids.length; start += BATCH_MAX) {
      const chunk = ids.slice(start, start + BATCH_MAX);
      fetchSilences(chunk).then(
        (silences) => {
          const byHost = new Map(silences.map((silence) => [silence.hostId, silence]));
          for (const id of chunk)
            for (const waiter of batch.get(id) ?? []) waiter.resolve(byHost.get(id) ?? null);
        },
        (error: unknown) => {
          for (const id of chunk) for (const waiter of batch.get(id) ?? []) waiter.reject(error);
        },
      );
    }
  };

  return {
    load(hostId: string): Promise<THostSilence | null> {
      return new Promise((resolve, reject) => {
        const waiters = pending.get(hostId) ?? [];
        waiters.push({ resolve, reject });
        pending.set(hostId, waiters);
        if (!scheduled) {
          scheduled = true;
          setTimeout(flush, windowMs);
        }
      });
    },
  };
}

const batchers = new WeakMap<object, ReturnType<typeof createSilenceBatcher>>();

function batcherFor(client: TRPCClient<AppRouter>) {
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = createSilenceBatcher((hostIds) => client.alerts.silencesForHosts.query({ hostIds }));
    batchers.set(client, batcher);
  }
  return batcher;
}

/** The silence covering a host now (null: none), read in batches with the other rows of the page. */
export function useHostSilence(hostId: string): THostSilence | null {
  const client = useTRPCClient();
  const query = useQuery({
    queryKey: [...HOST_SILENCE_ROOT, hostId],
    queryFn: () => batcherFor(client).load(hostId),
    staleTime: 30_000,
    refetchInterval: REFRESH_MS,
    retry: false,
  });
  return query.data ?? null;
}
