import type { TPreviewRow } from '@/lib/change-preview';
import { pluralize } from '@/lib/format';
import { DataTable, type DataTableColumn } from '../ui/data-table';
import { ToneBadge } from '../ui/tone-badge';

const SHOWN_ROWS = 50;
const COLUMNS: DataTableColumn[] = [{ label: 'Host' }, { label: 'Change' }];

/** Per host: current value → new value, or "unchanged" when the host already has every value. */
export function ChangePreview({ rows }: { rows: TPreviewRow[] }) {
  const changing = rows.filter((row) => row.changes.length > 0).length;
  const shown = rows.slice(0, SHOWN_ROWS);
  return (
    <div data-testid="change-preview">
      <p className="text-sm text-slate-700">
        {pluralize(changing, 'host')} would change, {pluralize(rows.length - changing, 'host')} unchanged.
      </p>
      <div className="mt-2 max-h-72 overflow-auto rounded-md border border-slate-200">
        <DataTable caption="Preview of the change per host" columns={COLUMNS} stickyHeader>
          <tbody className="divide-y divide-slate-100">
            {shown.map((row) => (
              <tr key={row.hostId} data-testid="preview-row" data-host={row.hostname}>
                <td className="px-3 py-1.5 align-top font-medium">{row.hostname}</td>
                <td className="px-3 py-1.5">
                  {row.changes.length === 0 ? (
                    <ToneBadge tone="neutral">unchanged</ToneBadge>
                  ) : (
                    <ul className="space-y-0.5">
                      {row.changes.map((change) => (
                        <li key={change.option} className="font-mono text-xs">
                          {change.option}: <span className="text-slate-500">{change.from ?? 'not set'}</span>
                          <span aria-hidden="true"> → </span>
                          <span className="sr-only"> becomes </span>
                          <strong>{change.to}</strong>
                          {row.currentSource === 'effective' ? (
                            <span className="ml-1 font-sans text-slate-500">(vs. effective value)</span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </div>
      {rows.length > SHOWN_ROWS ? (
        <p className="mt-1 text-xs text-slate-500">
          …and {pluralize(rows.length - SHOWN_ROWS, 'more host')}.
        </p>
      ) : null}
    </div>
  );
}
