'use client';

import type { TAlertHistoryEntry } from '@standby/protocol';
import Link from 'next/link';
import { historyKindInfo } from '@/lib/alerts-history';
import { conditionLabel } from '@/lib/alerts-rule-form';
import { SEVERITY_TONES } from '@/lib/finding-rule';
import { formatDateTime } from '@/lib/format';
import { SeverityIcon } from '../findings/severity-badge';
import { DataTable } from '../ui/data-table';
import { ToneBadge } from '../ui/tone-badge';

const LINK =
  'font-medium text-slate-900 underline underline-offset-2 decoration-slate-300 hover:decoration-slate-700 focus-visible:outline-2 focus-visible:outline-sky-600';

/**
 * Alert history rows, newest first: when, what happened (sent, failed, silenced…), which condition of
 * which host (a link to its page), the channel and the detail (an error, a silence's end).
 */
export function AlertHistoryTable({
  entries,
  showHost = true,
  caption = 'Alert history, newest first',
}: {
  entries: readonly TAlertHistoryEntry[];
  showHost?: boolean;
  caption?: string;
}) {
  return (
    <div className="overflow-x-auto">
      <DataTable
        caption={caption}
        columns={[
          { label: 'When', className: 'whitespace-nowrap' },
          { label: 'What' },
          showHost && { label: 'Host' },
          { label: 'Condition' },
          { label: 'Channel' },
          { label: 'Detail' },
        ]}
        testId="alert-history-table"
      >
        <tbody className="divide-y divide-slate-100">
          {entries.map((entry) => {
            const kind = historyKindInfo(entry.kind);
            return (
              <tr
                key={entry.id}
                data-testid="alert-history-row"
                data-kind={entry.kind}
                data-host-id={entry.hostId ?? ''}
                className="align-top"
              >
                <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-600">
                  {formatDateTime(entry.at)}
                </td>
                <td className="px-3 py-2">
                  <ToneBadge tone={kind.tone} testId="alert-history-kind">
                    {kind.label}
                  </ToneBadge>
                  {entry.notice ? <div className="mt-0.5 text-xs text-slate-500">{entry.notice}</div> : null}
                </td>
                {showHost ? (
                  <td className="px-3 py-2">
                    {entry.hostId ? (
                      <Link href={`/hosts/${entry.hostId}`} className={LINK} data-testid="alert-host-link">
                        {entry.subject}
                      </Link>
                    ) : (
                      <span>{entry.subject}</span>
                    )}
                  </td>
                ) : null}
                <td className="px-3 py-2">
                  <span className="inline-flex items-center gap-1.5">
                    <ToneBadge tone={SEVERITY_TONES[entry.severity]}>
                      <SeverityIcon severity={entry.severity} />
                      {entry.severity}
                    </ToneBadge>
                    <span className="text-xs">{conditionLabel(entry.condition)}</span>
                  </span>
                </td>
                <td className="px-3 py-2 text-xs">
                  {entry.channelName ?? <span className="text-slate-400">—</span>}
                  {entry.attempt ? <div className="text-slate-500">attempt {entry.attempt}</div> : null}
                </td>
                <td className="max-w-md break-words px-3 py-2 text-xs text-slate-700">
                  {entry.detail ?? <span className="text-slate-400">—</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
    </div>
  );
}
