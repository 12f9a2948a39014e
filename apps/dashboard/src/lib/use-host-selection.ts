'use client';

import { useCallback, useMemo, useState } from 'react';

/** Hosts ticked on the fleet page, kept across filters and pages (by id, with the row as last seen). */
export function useHostSelection<THost extends { id: string }>() {
  const [selected, setSelected] = useState<ReadonlyMap<string, THost>>(() => new Map());

  const toggle = useCallback((host: THost) => {
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(host.id)) next.delete(host.id);
      else next.set(host.id, host);
      return next;
    });
  }, []);

  const setMany = useCallback((hosts: readonly THost[], on: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      for (const host of hosts) {
        if (on) next.set(host.id, host);
        else next.delete(host.id);
      }
      return next;
    });
  }, []);

  const clear = useCallback(() => setSelected(new Map()), []);
  const hosts = useMemo(() => [...selected.values()], [selected]);

  return { selected, hosts, toggle, setMany, clear };
}
