import type { THostStatus } from '@standby/domain';

const STYLES: Record<THostStatus, string> = {
  RUNNING: 'bg-emerald-100 text-emerald-800 ring-emerald-600/20',
  SERVICE_UNAVAILABLE: 'bg-red-100 text-red-800 ring-red-600/20',
  INITIALIZING: 'bg-amber-100 text-amber-800 ring-amber-600/20',
  UNKNOWN: 'bg-slate-100 text-slate-700 ring-slate-500/20',
};

export function StatusBadge({ status }: { status: THostStatus }) {
  return (
    <span
      data-testid="status"
      className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}
    >
      {status}
    </span>
  );
}
