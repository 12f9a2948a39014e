'use client';

import type { TFleetFinding } from '@standby/protocol';
import Link from 'next/link';
import { DataTable } from '../ui/data-table';
import { SeverityBadge } from './severity-badge';

const LINK =
  'font-medium text-slate-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600';

const COLUMNS = ['Host', 'HA pair', 'Severity', 'Code', 'Finding', 'Option', 'Suggested value'];

/** Current findings across the fleet, one row per host and finding, by host name. */
export function FindingsTable({ findings }: { findings: TFleetFinding[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <DataTable
        caption="Current findings across the fleet, by host name"
        columns={COLUMNS.map((label) => ({ label, className: 'whitespace-nowrap' }))}
        testId="findings-table"
      >
        <tbody className="divide-y divide-slate-100">
          {findings.map((finding) => (
            <tr
              key={`${finding.hostId}:${finding.code}:${finding.option ?? ''}`}
              data-testid="finding-row"
              data-host={finding.hostname}
              data-code={finding.code}
              data-severity={finding.severity}
              className="align-top"
            >
              <td className="whitespace-nowrap px-3 py-2">
                <Link href={`/hosts/${finding.hostId}`} className={LINK}>
                  {finding.hostname}
                </Link>
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                {finding.pair ? (
                  <Link href={`/pairs/${finding.pair.id}`} className={LINK}>
                    {finding.pair.name}
                  </Link>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="px-3 py-2">
                <SeverityBadge severity={finding.severity} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs" data-testid="finding-code">
                {finding.code}
              </td>
              <td className="px-3 py-2">{finding.message}</td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                {finding.option || <span className="text-slate-400">—</span>}
              </td>
              <td className="px-3 py-2 font-mono text-xs">
                {finding.suggestedValue ?? <span className="text-slate-400">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
