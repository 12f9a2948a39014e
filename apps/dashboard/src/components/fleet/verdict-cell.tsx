import type { THostSummary } from '@standby/protocol';
import { verdictNeedsReason } from '@/lib/verdict-info';
import { RelativeTime } from '../relative-time';
import { VerdictBadge } from '../verdict-badge';

/** The fleet's verdict on one host, why in a few words when it is not a pass, and since when. */
export function VerdictCell({ host }: { host: THostSummary }) {
  return (
    <>
      <VerdictBadge verdict={host.verdict} />
      {verdictNeedsReason(host.verdict) && host.verdictReason ? (
        <div className="mt-0.5 text-xs text-slate-700" data-testid="verdict-reason">
          {host.verdictReason}
        </div>
      ) : null}
      {host.verdictSince ? (
        <div className="mt-0.5 text-xs text-slate-500">
          <RelativeTime iso={host.verdictSince} prefix="since " />
        </div>
      ) : null}
    </>
  );
}
