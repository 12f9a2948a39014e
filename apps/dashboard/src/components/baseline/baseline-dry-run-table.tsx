import type { TBaselineDryRun } from '@standby/protocol';
import Link from 'next/link';
import { describeOptionChanges } from '@/lib/change-outcome-text';
import { DataTable } from '../ui/data-table';

/** Host by host, what importing the baseline would send, and the findings the new values would raise. */
export function BaselineDryRunTable({ dryRun }: { dryRun: TBaselineDryRun }) {
  return (
    <div className="space-y-2" data-testid="baseline-dry-run">
      <p className="text-sm" data-testid="baseline-dry-run-summary">
        {dryRun.hosts.length === 0
          ? 'No host would change: the fleet already matches this baseline.'
          : `${dryRun.hosts.length} host${dryRun.hosts.length === 1 ? '' : 's'} would change`}
        {`; ${dryRun.unchanged} already match${dryRun.uncovered ? `, ${dryRun.uncovered} not covered by the baseline` : ''}.`}
      </p>
      {dryRun.hosts.length ? (
        <div className="max-h-96 overflow-auto rounded-lg border border-slate-200 bg-white">
          <DataTable
            caption="Baseline dry run"
            stickyHeader
            columns={[
              { label: 'Host' },
              { label: 'Pair' },
              { label: 'Would change' },
              { label: 'Would raise' },
            ]}
          >
            <tbody className="divide-y divide-slate-100">
              {dryRun.hosts.map((host) => (
                <tr key={host.hostId} data-testid="baseline-dry-run-row">
                  <td className="px-3 py-2">
                    <Link className="text-sky-700 hover:underline" href={`/hosts/${host.hostId}`}>
                      {host.hostname}
                    </Link>
                    <span className="ml-1 text-xs text-slate-500">{host.application}</span>
                  </td>
                  <td className="px-3 py-2">{host.pairName ?? '—'}</td>
                  <td className="px-3 py-2 font-mono text-xs">{describeOptionChanges(host.changes)}</td>
                  <td className="px-3 py-2 text-xs">
                    {host.findingsAfter.length
                      ? host.findingsAfter.map((finding) => (
                          <span key={finding.code} className="block">
                            {finding.severity}: {finding.message}
                          </span>
                        ))
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </div>
      ) : null}
    </div>
  );
}
