import type { TPairDetail } from '@standby/protocol';
import { FindingsList } from '../findings/findings-list';

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
      <table className="min-w-full text-sm" data-testid="pair-drift">
        <caption className="sr-only">Effective check options that differ between the members</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1.5 pr-3">
              Option
            </th>
            <th scope="col" className="py-1.5 pr-3">
              {drift.a.hostname}
            </th>
            <th scope="col" className="py-1.5">
              {drift.b.hostname}
            </th>
          </tr>
        </thead>
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
      </table>
      <FindingsList findings={drift.findings} />
    </div>
  );
}
