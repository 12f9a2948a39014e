'use client';

import type { TFleetHost } from '@standby/protocol';
import { useEffect, useMemo, useRef } from 'react';
import { DataTable } from '../ui/data-table';
import { FleetPageBody } from './fleet-page-body';

/** Fixed widths: with `table-layout: fixed` a live update does not make the browser measure every row again. */
const COLUMNS = [
  { label: 'Host', width: 'w-48' },
  { label: 'HA pair', width: 'w-32' },
  { label: 'Role', width: 'w-20' },
  { label: 'Version', width: 'w-24' },
  { label: 'Would serve?', width: 'w-56' },
  { label: 'Reported status', width: 'w-44' },
  { label: 'Last check', width: 'w-24' },
  { label: 'Options (effective)', width: '' },
  { label: 'Findings (last check)', width: 'w-28' },
  { label: 'Agent', width: 'w-24' },
];

interface TFleetTableProps {
  /** The loaded keyset pages, in order. */
  pages: readonly (readonly TFleetHost[])[];
  /** Absent for viewers: no selection column. */
  selection?: {
    selected: ReadonlyMap<string, TFleetHost>;
    toggle: (host: TFleetHost) => void;
    setMany: (hosts: readonly TFleetHost[], on: boolean) => void;
  };
  emptyText: string;
}

/** The fleet, one row per host, page by page (a live update renders only the pages it changed). */
export function FleetTable({ pages, selection, emptyText }: TFleetTableProps) {
  const hosts = useMemo(() => pages.flat(), [pages]);
  const columnCount = COLUMNS.length + (selection ? 1 : 0);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <DataTable
        caption="Hosts of the fleet, grouped by HA pair"
        columns={COLUMNS.map((column) => ({
          label: column.label,
          className: `whitespace-nowrap ${column.width}`,
        }))}
        className="w-full min-w-[88rem] table-fixed"
        leading={
          selection ? (
            <th scope="col" className="w-10 px-3 py-2">
              <SelectAllCheckbox hosts={hosts} selection={selection} />
            </th>
          ) : null
        }
        testId="fleet-table"
      >
        {pages.map((page, index) => (
          <FleetPageBody
            // A page has no id of its own; pages only grow at the end, so its position is stable.
            key={index}
            hosts={page}
            columnCount={columnCount}
            selected={selection?.selected}
            onToggle={selection?.toggle}
          />
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
      </DataTable>
    </div>
  );
}

function SelectAllCheckbox({
  hosts,
  selection,
}: {
  hosts: readonly TFleetHost[];
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
