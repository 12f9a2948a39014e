import type { TAuditEventView } from '@standby/protocol';
import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import { AuditChange } from './audit-change';

function Target({ event }: { event: TAuditEventView }) {
  if (!event.targetType) return <span className="text-slate-400">—</span>;
  return (
    <span>
      <span className="text-slate-500">{event.targetType}</span>{' '}
      {event.targetType === 'host' && event.targetId ? (
        <Link href={`/hosts/${event.targetId}`} className="font-mono text-xs underline underline-offset-2">
          {event.targetId.slice(0, 8)}
        </Link>
      ) : (
        <code className="text-xs" title={event.targetId ?? undefined}>
          {event.targetId?.slice(0, 12) ?? ''}
        </code>
      )}
    </span>
  );
}

export function AuditTable({ events }: { events: TAuditEventView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full text-sm" data-testid="audit-table">
        <caption className="sr-only">Audit log, newest first</caption>
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {['When', 'Actor', 'Action', 'Target', 'Before → after', 'Address'].map((column) => (
              <th key={column} scope="col" className="whitespace-nowrap px-3 py-2">
                {column}
              </th>
            ))}
          </tr>
        </thead>
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
                <Target event={event} />
              </td>
              <td className="px-3 py-2">
                <AuditChange before={event.before} after={event.after} />
              </td>
              <td className="px-3 py-2 text-xs text-slate-500">{event.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
