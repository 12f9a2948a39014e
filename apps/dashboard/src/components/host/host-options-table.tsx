import type { TOptionsMap } from '@standby/protocol';
import { toOptionRows } from '@/lib/option-rows';
import { DataTable } from '../ui/data-table';
import { ToneBadge } from '../ui/tone-badge';

/** The host's options: configured in its options file beside the effective ones (they differ until a restart). */
export function HostOptionsTable({
  configured,
  effective,
}: {
  configured: TOptionsMap;
  effective: TOptionsMap;
}) {
  const rows = toOptionRows(configured, effective);
  return (
    <div className="overflow-x-auto">
      <DataTable
        caption="Options of the host, configured and effective"
        columns={[{ label: 'Option' }, { label: 'Configured' }, { label: 'Effective' }, { label: 'Default' }]}
        layout="inline"
        testId="host-options"
      >
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.name} data-testid="option-row" data-option={row.name}>
              <th scope="row" className="py-1.5 pr-3 text-left font-mono text-xs font-medium">
                {row.name}
              </th>
              <td className="py-1.5 pr-3 font-mono text-xs" data-testid="configured-value">
                {row.configured ?? <span className="font-sans text-slate-400">not set</span>}
                {row.invalidReason ? (
                  <span className="ml-2 font-sans">
                    <ToneBadge tone="danger" title={row.invalidReason}>
                      invalid: default used
                    </ToneBadge>
                  </span>
                ) : null}
              </td>
              <td className="py-1.5 pr-3 font-mono text-xs">
                {row.effective === null ? (
                  <span className="font-sans text-slate-400">unknown</span>
                ) : (
                  row.effective || <span className="font-sans text-slate-500">(empty)</span>
                )}
                {row.differs && !row.invalidReason ? (
                  <span className="ml-2 font-sans">
                    <ToneBadge tone="warning">after restart: {row.configured ?? row.defaultRaw}</ToneBadge>
                  </span>
                ) : null}
              </td>
              <td className="py-1.5 font-mono text-xs text-slate-500">{row.defaultRaw || '(empty)'}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
