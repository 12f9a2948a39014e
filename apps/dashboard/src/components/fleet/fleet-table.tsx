'use client';

import type { TFleetHost } from '@standby/protocol';
import { useEffect, useMemo, useRef } from 'react';
import { groupConsecutiveByPair } from '@/lib/group-by-pair';
import { FleetHostRow } from './fleet-host-row';

const COLUMNS = [
  'Host',
  'HA pair',
  'Role',
  'Version',
  'Status',
  'Last check',
  'Options (effective)',
  'Findings',
  'Agent',
];

interface TFleetTableProps {
  hosts: TFleetHost[];
  /** Absent for viewers: no selection column. */
  selection?: {
    selected: ReadonlyMap<string, TFleetHost>;
    toggle: (host: TFleetHost) => void;
    setMany: (hosts: readonly TFleetHost[], on: boolean) => void;
  };
  emptyText: string;
}

/**
 * The fleet, one row per host, both members of a pair together (one <tbody> per pair). Off-screen groups
 * skip layout and paint (content-visibility), which keeps thousands of loaded rows fluid.
 */
export function FleetTable({ hosts, selection, emptyText }: TFleetTableProps) {
  const groups = useMemo(() => groupConsecutiveByPair(hosts), [hosts]);
  const columnCount = COLUMNS.length + (selection ? 1 : 0);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full text-sm" data-testid="fleet-table">
        <caption className="sr-only">Hosts of the fleet, grouped by HA pair</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            {selection ? (
              <th scope="col" className="w-8 px-3 py-2">
                <SelectAllCheckbox hosts={hosts} selection={selection} />
              </th>
            ) : null}
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className="whitespace-nowrap px-3 py-2">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody
            key={group.key}
            className="border-t border-slate-200 [contain-intrinsic-size:auto_4rem] [content-visibility:auto]"
          >
            {group.hosts.map((host) => (
              <FleetHostRow
                key={host.id}
                host={host}
                selected={selection?.selected.has(host.id) ?? false}
                onToggle={selection?.toggle}
              />
            ))}
          </tbody>
        ))}
        {hosts.length === 0 ? (
          <tbody>
            <tr>
              <td colSpan={columnCount} className="px-4 py-8 text-center text-slate-500">
                {emptyText}
              </td>
            </tr>
          </tbody>
        ) : null}
      </table>
    </div>
  );
}

function SelectAllCheckbox({
  hosts,
  selection,
}: {
  hosts: TFleetHost[];
  selection: NonNullable<TFleetTableProps['selection']>;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const selectedCount = hosts.filter((host) => selection.selected.has(host.id)).length;
  const all = hosts.length > 0 && selectedCount === hosts.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = selectedCount > 0 && !all;
  }, [selectedCount, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="size-4 rounded border-slate-300 focus-visible:outline-2 focus-visible:outline-sky-600"
      aria-label="Select all loaded hosts"
      checked={all}
      disabled={hosts.length === 0}
      onChange={() => selection.setMany(hosts, !all)}
    />
  );
}
