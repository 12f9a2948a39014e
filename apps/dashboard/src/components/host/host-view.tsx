'use client';

import { useQuery } from '@tanstack/react-query';
import { useHasRole } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError, trpcErrorCode } from '@/lib/trpc-errors';
import { useLiveHosts } from '@/lib/use-live-hosts';
import { FindingsList } from '../findings/findings-list';
import { LiveIndicator } from '../live-indicator';
import { OptionHistory } from '../option-history';
import { StatusBadge } from '../status-badge';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { PageLoading } from '../ui/page-loading';
import { Section } from '../ui/section';
import { ToneBadge } from '../ui/tone-badge';
import { HostFacts } from './host-facts';
import { HostOptionsSection } from './host-options-section';
import { RunCheckButton } from './run-check-button';
import { RunTimeline } from './run-timeline';
import { StartupChart } from './startup-chart';

/** One host: facts, findings, options (and editor), startup chart, check runs and option history, live. */
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
  const status = summaries.get(hostId)?.status ?? host.status;
  return (
    <div className="space-y-5" data-testid="host-page" data-host={host.hostname}>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {host.hostname}
            <StatusBadge status={status} />
            {host.pendingRestart ? <ToneBadge tone="warning">pending restart</ToneBadge> : null}
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
      <OptionHistory scope={{ hostId }} />
    </div>
  );
}
