'use client';

import type { TAuditEventView } from '@standby/protocol';
import { auditReason, auditTargetName } from '@/lib/audit-log';
import { formatDateTime } from '@/lib/format';
import { useHostNames } from '@/lib/use-host-names';
import { DataTable } from '../ui/data-table';
import { AuditChange } from './audit-change';
import { AuditTarget } from './audit-target';

/** Audit events newest first: who, what, on which target (by name), why, before → after. */
export function AuditTable({ events }: { events: TAuditEventView[] }) {
  // Host names the events do not carry themselves are read once per host.
  const hostNames = useHostNames(
    events.flatMap((event) =>
      event.targetType === 'host' && event.targetId && !auditTargetName(event) ? [event.targetId] : [],
    ),
  );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <DataTable
        caption="Audit log, newest first"
        columns={['When', 'Actor', 'Action', 'Target', 'Reason', 'Before → after', 'Address'].map(
          (label) => ({
            label,
            className: 'whitespace-nowrap',
          }),
        )}
        testId="audit-table"
      >
        <tbody className="divide-y divide-slate-100">
          {events.map((event) => (
            <tr key={event.id} data-testid="audit-row" data-action={event.action} className="align-top">
              <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-600">
                {formatDateTime(event.at)}
              </td>
              <td className="px-3 py-2">
                {event.actorLabel ?? event.actorId ?? '—'}
                <div className="text-xs text-slate-500">{event.actorType}</div>
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{event.action}</td>
              <td className="px-3 py-2">
                <AuditTarget
                  event={event}
                  name={
                    auditTargetName(event) ??
                    (event.targetId ? (hostNames.get(event.targetId) ?? null) : null)
                  }
                />
              </td>
              <td className="px-3 py-2 text-xs" data-testid="audit-reason">
                {auditReason(event) ?? <span className="text-slate-400">—</span>}
              </td>
              <td className="px-3 py-2">
                <AuditChange before={event.before} after={event.after} />
              </td>
              <td className="px-3 py-2 text-xs text-slate-500">{event.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
