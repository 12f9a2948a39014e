'use client';

import { useQuery } from '@tanstack/react-query';
import { useHasRole } from '@/lib/session';
import { isRechecking, shownStatus } from '@/lib/shown-status';
import { useTRPC } from '@/lib/trpc';
import { describeError, trpcErrorCode } from '@/lib/trpc-errors';
import { useLiveHosts } from '@/lib/use-live-hosts';
import { HostAlertsSection } from '../alerts/host-alerts-section';
import { HostSilenceBadge } from '../alerts/host-silence-badge';
import { FindingsList } from '../findings/findings-list';
import { LiveIndicator } from '../live-indicator';
import { OptionHistory } from '../option-history';
import { RecheckingHint } from '../rechecking-hint';
import { StatusBadge } from '../status-badge';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { PageLoading } from '../ui/page-loading';
import { Section } from '../ui/section';
import { ToneBadge } from '../ui/tone-badge';
import { VerdictBadge } from '../verdict-badge';
import { HostEvents } from './host-events';
import { HostFacts } from './host-facts';
import { HostOptionsSection } from './host-options-section';
import { RunCheckButton } from './run-check-button';
import { RunTimeline } from './run-timeline';
import { StartupChart } from './startup-chart';
import { VerdictPanel } from './verdict-panel';

/**
 * One host, live: the verdict first (would it serve if promoted now, why, how fresh), then facts, findings,
 * options (and editor), startup chart, check runs, host events and option history.
 */
export function HostView({ hostId }: { hostId: string }) {
  const trpc = useTRPC();
  const canEdit = useHasRole('operator');
  const detail = useQuery(trpc.host.get.queryOptions({ hostId }));
  const { live, summaries } = useLiveHosts([hostId]);

  if (detail.isPending) return <PageLoading />;
  if (detail.isError)
    return (
      <ErrorAlert>
        {trpcErrorCode(detail.error) === 'NOT_FOUND' || trpcErrorCode(detail.error) === 'BAD_REQUEST'
          ? 'No such host.'
          : `Could not load the host: ${describeError(detail.error)}`}
      </ErrorAlert>
    );

  const { host, findings } = detail.data;
  // The live summary arrives before the detail is read again: the header follows it at once.
  const current = summaries.get(hostId) ?? host;
  return (
    <div className="space-y-5" data-testid="host-page" data-host={host.hostname}>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {host.hostname}
            <VerdictBadge verdict={current.verdict} />
            <StatusBadge status={shownStatus(current)} secondary />
            {isRechecking(current) ? <RecheckingHint /> : null}
            {host.pendingRestart ? <ToneBadge tone="warning">pending restart</ToneBadge> : null}
            <HostSilenceBadge hostId={hostId} />
          </span>
        }
        description={
          <>
            {host.application}
            {host.pair ? ` · ${host.pair.name}` : ''}
          </>
        }
        actions={
          <>
            <LiveIndicator live={live} />
            {canEdit ? <RunCheckButton hostId={hostId} /> : null}
          </>
        }
      />
      <VerdictPanel host={host} />
      <Section title="Facts">
        <HostFacts host={host} />
      </Section>
      <Section
        title="Findings"
        description="What would stop this backup from serving, or makes the audit flag it."
      >
        <FindingsList findings={findings} emptyText="No findings: nothing to fix on this host." />
      </Section>
      <div className="grid gap-5 lg:grid-cols-2">
        <StartupChart hostId={hostId} />
        <HostOptionsSection host={host} canEdit={canEdit} />
      </div>
      <RunTimeline hostId={hostId} />
      <HostEvents hostId={hostId} />
      <HostAlertsSection hostId={hostId} />
      <OptionHistory scope={{ hostId }} />
    </div>
  );
}
