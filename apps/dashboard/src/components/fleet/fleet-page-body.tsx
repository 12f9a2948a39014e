'use client';

import type { TFleetHost } from '@standby/protocol';
import { memo } from 'react';
import { startsPairGroup } from '@/lib/group-by-pair';
import { useNearViewport } from '@/lib/use-near-viewport';
import { FleetHostRow } from './fleet-host-row';

/** Pages further than this from the viewport are replaced by a spacer of their height. */
const RENDER_MARGIN_PX = 2_000;

interface TFleetPageBodyProps {
  /** One loaded keyset page; a live update keeps untouched pages identical, so they do not render again. */
  hosts: readonly TFleetHost[];
  columnCount: number;
  selected?: ReadonlyMap<string, TFleetHost>;
  onToggle?: (host: TFleetHost) => void;
}

/**
 * The rows of one page (a <tbody>), the members of a pair together. Only pages near the viewport are in
 * the DOM: with thousands of loaded hosts, painting and live updates stay quick.
 */
export const FleetPageBody = memo(function FleetPageBody({
  hosts,
  columnCount,
  selected,
  onToggle,
}: TFleetPageBodyProps) {
  const { ref, near, lastHeight } = useNearViewport<HTMLTableSectionElement>(RENDER_MARGIN_PX);
  if (!near && lastHeight > 0)
    return (
      <tbody ref={ref} aria-hidden="true">
        <tr style={{ height: lastHeight }}>
          <td colSpan={columnCount} />
        </tr>
      </tbody>
    );
  return (
    <tbody ref={ref}>
      {hosts.map((host, index) => (
        <FleetHostRow
          key={host.id}
          host={host}
          groupStart={startsPairGroup(hosts, index)}
          selected={selected?.has(host.id) ?? false}
          onToggle={onToggle}
        />
      ))}
    </tbody>
  );
});
