import type { TAuditEventView } from '@standby/protocol';
import Link from 'next/link';

/** What an event acted on, by name where one is known (the event's own, or the host's), else a short id. */
export function AuditTarget({ event, name }: { event: TAuditEventView; name: string | null }) {
  if (!event.targetType) return <span className="text-slate-400">—</span>;
  const shortId = event.targetId?.slice(0, 8) ?? '';
  return (
    <span>
      <span className="text-slate-500">{event.targetType}</span>{' '}
      {event.targetType === 'host' && event.targetId ? (
        <Link
          href={`/hosts/${event.targetId}`}
          className={`underline underline-offset-2 ${name ? '' : 'font-mono text-xs'}`}
          title={event.targetId}
          data-testid="audit-target"
        >
          {name ?? shortId}
        </Link>
      ) : event.targetType === 'rollout' && event.targetId ? (
        <Link
          href={`/rollouts/${event.targetId}`}
          className="font-mono text-xs underline underline-offset-2"
          title={event.targetId}
          data-testid="audit-target"
        >
          {shortId}
        </Link>
      ) : (
        <span title={event.targetId ?? undefined} data-testid="audit-target">
          {name ?? <code className="text-xs">{shortId}</code>}
        </span>
      )}
    </span>
  );
}
