import type { TPairDetail } from '@standby/protocol';
import { FindingsList } from '../findings/findings-list';
import { DataTable } from '../ui/data-table';

/** The check options that differ between the two members: after a switchover the new backup would behave differently. */
export function PairDrift({ drift }: { drift: TPairDetail['drift'] }) {
  if (!drift)
    return <p className="text-sm text-slate-500">Drift is compared when the pair has exactly two members.</p>;
  if (drift.options.length === 0)
    return (
      <p className="text-sm text-emerald-800" data-testid="pair-no-drift">
        <span aria-hidden="true">✓ </span>Both members use the same check options.
      </p>
    );
  return (
    <div className="space-y-3">
      <DataTable
        caption="Effective check options that differ between the members"
        columns={[
          { label: 'Option' },
          { label: drift.a.hostname, key: 'a' },
          { label: drift.b.hostname, key: 'b' },
        ]}
        layout="inline"
        testId="pair-drift"
      >
        <tbody className="divide-y divide-slate-100">
          {drift.options.map((option) => (
            <tr key={option.option}>
              <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs font-medium">
                {option.option}
              </th>
              <td className="bg-amber-50 py-1.5 pr-3 font-mono text-xs">{option.a}</td>
              <td className="bg-amber-50 py-1.5 font-mono text-xs">{option.b}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <FindingsList findings={drift.findings} />
    </div>
  );
}
