import type { THostVerdict } from '@standby/domain';
import type { TFleetCounts } from '@standby/protocol';
import { BACKUP_VERDICTS, VERDICT_INFO } from '@/lib/verdict-info';
import { VerdictIcon } from '../verdict-icon';

const ACCENTS: Record<(typeof BACKUP_VERDICTS)[number], string> = {
  'would-not-serve': 'border-l-red-500',
  unknown: 'border-l-slate-400',
  'not-verified': 'border-l-amber-500',
  'would-serve': 'border-l-emerald-500',
};

function countOf(counts: TFleetCounts | undefined, verdict: THostVerdict): string {
  // `byVerdict` may be missing from a server older than this page: say nothing rather than 0.
  if (!counts?.byVerdict) return '…';
  return (counts.byVerdict[verdict] ?? 0).toLocaleString();
}

/**
 * The headline: backups by the fleet's verdict (would it serve if promoted now?); each card filters the
 * list to its verdict (toggle). Primaries are counted apart and quietly: the question is about backups.
 */
export function FleetCounts({
  counts,
  activeVerdicts,
  onToggleVerdict,
}: {
  counts: TFleetCounts | undefined;
  activeVerdicts: readonly THostVerdict[];
  onToggleVerdict: (verdict: THostVerdict) => void;
}) {
  const primaryActive = activeVerdicts.includes('primary');
  return (
    <div className="space-y-2">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {BACKUP_VERDICTS.map((verdict) => {
          const active = activeVerdicts.includes(verdict);
          const info = VERDICT_INFO[verdict];
          return (
            <button
              key={verdict}
              type="button"
              aria-pressed={active}
              title={`${info.description} Click to filter.`}
              data-testid={`verdict-card-${verdict}`}
              onClick={() => onToggleVerdict(verdict)}
              className={`rounded-lg border border-l-4 bg-white px-4 py-3 text-left shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${ACCENTS[verdict]} ${
                active ? 'border-slate-900 ring-2 ring-slate-900' : 'border-slate-200 hover:bg-slate-50'
              }`}
            >
              <span className="flex items-center gap-1.5 text-xs font-medium text-slate-600">
                <VerdictIcon verdict={verdict} />
                {info.label}
              </span>
              <span className="block text-2xl font-semibold tabular-nums" data-testid={`count-${verdict}`}>
                {countOf(counts, verdict)}
              </span>
            </button>
          );
        })}
      </div>
      <p className="flex flex-wrap items-center gap-x-2 text-xs text-slate-600" data-testid="fleet-totals">
        {counts ? (
          <span>
            {counts.total.toLocaleString()} hosts · {counts.pendingRestart.toLocaleString()} pending restart ·{' '}
            {counts.withCritical.toLocaleString()} with a critical finding ·
          </span>
        ) : null}
        <button
          type="button"
          aria-pressed={primaryActive}
          onClick={() => onToggleVerdict('primary')}
          title={`${VERDICT_INFO.primary.description} Click to filter.`}
          className={`inline-flex items-center gap-1 rounded px-1 underline decoration-slate-300 underline-offset-2 hover:decoration-slate-700 focus-visible:outline-2 focus-visible:outline-sky-600 ${
            primaryActive ? 'bg-slate-900 text-white no-underline' : ''
          }`}
        >
          <VerdictIcon verdict="primary" />
          <span data-testid="count-primary">{countOf(counts, 'primary')}</span> primaries
        </button>
      </p>
    </div>
  );
}
