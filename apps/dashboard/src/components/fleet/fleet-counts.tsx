import { HOST_STATUSES, type THostStatus } from '@standby/domain';
import type { TFleetCounts } from '@standby/protocol';
import { HOST_STATUS_INFO } from '@/lib/status-info';
import { StatusIcon } from '../status-icon';

const ACCENTS: Record<THostStatus, string> = {
  RUNNING: 'border-l-emerald-500',
  SERVICE_UNAVAILABLE: 'border-l-red-500',
  INITIALIZING: 'border-l-amber-500',
  UNKNOWN: 'border-l-slate-400',
};

/** Hosts by shown status; each card also filters the list to its status (toggle). */
export function FleetCounts({
  counts,
  activeStatuses,
  onToggleStatus,
}: {
  counts: TFleetCounts | undefined;
  activeStatuses: THostStatus[];
  onToggleStatus: (status: THostStatus) => void;
}) {
  return (
    <div className="space-y-2">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {HOST_STATUSES.map((status) => {
          const active = activeStatuses.includes(status);
          // A check in progress is a live state on one node, not a stored status: the server can
          // neither count nor filter it, so that card is informational.
          const live = status === 'INITIALIZING';
          return (
            <button
              key={status}
              type="button"
              aria-pressed={active}
              disabled={live}
              title={
                live
                  ? `${HOST_STATUS_INFO[status].description} Shown live on each host; hosts keep the status of their last check here.`
                  : `${HOST_STATUS_INFO[status].description} Click to filter.`
              }
              onClick={() => onToggleStatus(status)}
              className={`rounded-lg border border-l-4 bg-white px-4 py-3 text-left shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${ACCENTS[status]} ${
                active ? 'border-slate-900 ring-2 ring-slate-900' : 'border-slate-200 hover:bg-slate-50'
              }`}
            >
              <span className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
                <StatusIcon status={status} />
                {status.replace('_', ' ')}
              </span>
              <span className="block text-2xl font-semibold tabular-nums" data-testid={`count-${status}`}>
                {live ? '—' : counts ? (counts.byStatus[status] ?? 0).toLocaleString() : '…'}
              </span>
            </button>
          );
        })}
      </div>
      {counts ? (
        <p className="text-xs text-slate-600" data-testid="fleet-totals">
          {counts.total.toLocaleString()} hosts · {counts.pendingRestart.toLocaleString()} pending restart ·{' '}
          {counts.withCritical.toLocaleString()} with a critical finding
        </p>
      ) : null}
    </div>
  );
}
