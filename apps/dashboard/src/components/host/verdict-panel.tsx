import type { THostDetail } from '@standby/protocol';
import { formatDateTime } from '@/lib/format';
import { verdictInfo } from '@/lib/verdict-info';
import { RelativeTime } from '../relative-time';
import { Section } from '../ui/section';
import { VerdictBadge } from '../verdict-badge';
import { CheckProgress } from './check-progress';

type THost = THostDetail['host'];

function When({ term, iso, ahead = false }: { term: string; iso: string | null; ahead?: boolean }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-sm">
        {iso ? (
          <>
            <RelativeTime iso={iso} ahead={ahead} />{' '}
            <span className="text-xs text-slate-500">({formatDateTime(iso)})</span>
          </>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </dd>
    </div>
  );
}

/** The page's first answer: would this host serve if promoted now, every reason why, and how fresh that is. */
export function VerdictPanel({ host }: { host: THost }) {
  const reasons = host.verdictReasons ?? [];
  return (
    <Section
      title="Would it serve if promoted now?"
      description={verdictInfo(host.verdict).description}
      testId="verdict-panel"
    >
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3" data-verdict={host.verdict}>
          <VerdictBadge verdict={host.verdict} />
          {host.verdictReason ? (
            <span className="text-sm font-medium" data-testid="verdict-reason">
              {host.verdictReason}
            </span>
          ) : null}
        </div>
        {reasons.length ? (
          <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700" data-testid="verdict-reasons">
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        ) : null}
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 md:grid-cols-4">
          <When term="Verdict since" iso={host.verdictSince} />
          <When term="Last heard from the agent" iso={host.lastSeenAt} />
          <When term="Becomes unknown if silent" iso={host.staleAfter} ahead />
          <When term="SIP Server started" iso={host.serverStartedAt} />
        </dl>
        {host.checking ? (
          <CheckProgress checking={host.checking} components={host.liveComponents ?? []} />
        ) : null}
      </div>
    </Section>
  );
}
