'use client';

import type { TFleetHost } from '@standby/protocol';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { TEditorHost } from './change-preview';
import { useTRPC } from './trpc';

/** The preview reads the configured options of this many selected hosts; the others show effective values. */
export const CONFIGURED_PREVIEW_MAX = 50;

/**
 * Editor hosts for a fleet selection. The fleet list carries effective options only; the diff is against
 * the configured ones (what the server compares with), read per host for the first selected hosts.
 */
export function useSelectionEditorHosts(selected: readonly TFleetHost[]): {
  hosts: TEditorHost[];
  loading: boolean;
} {
  const trpc = useTRPC();
  const sample = selected.slice(0, CONFIGURED_PREVIEW_MAX);
  const details = useQueries({
    queries: sample.map((host) => trpc.host.get.queryOptions({ hostId: host.id })),
  });
  const configured = details.map((detail) => detail.data?.host.configuredOptions);
  const key = configured.map((options) => (options ? 1 : 0)).join('');
  const hosts = useMemo(
    () =>
      selected.map((host, index): TEditorHost => {
        const options = configured[index];
        return options
          ? { id: host.id, hostname: host.hostname, current: options, currentSource: 'configured' }
          : {
              id: host.id,
              hostname: host.hostname,
              current: host.effectiveOptions,
              currentSource: 'effective',
            };
      }),
    [selected, key],
  );
  return { hosts, loading: details.some((detail) => detail.isPending) };
}
