import type { TCheckRunView } from '@standby/protocol';
import { formatDateTime, formatDuration } from '@/lib/format';
import { FindingsList } from '../findings/findings-list';
import { StatusBadge } from '../status-badge';
import { ToneBadge } from '../ui/tone-badge';
import { ComponentBars } from './component-bars';
import { PortCheckOutcome } from './port-check-outcome';
import { RunReasons } from './run-reasons';

/** One check run: outcome, each component's time to ready against the timeout, the port check, findings. */
export function RunCard({ run }: { run: TCheckRunView }) {
  return (
    <article className="space-y-3 py-4" data-testid="run" data-run-id={run.id} data-status={run.status}>
      <header className="flex flex-wrap items-center gap-2 text-sm">
        {/* A run that verified nothing reports RUNNING without proving anything: no green badge for it. */}
        <StatusBadge status={run.status} secondary={!run.applicable || !run.checkEnabled} />
        <time dateTime={run.startedAt} className="font-medium">
          {formatDateTime(run.startedAt)}
        </time>
        <span className="text-slate-600">
          took {formatDuration(run.durationMs)} · trigger: {run.trigger} · {run.mode}
          {run.version ? ` · ${run.version}` : ''} · timeout {run.timeoutSec} s
        </span>
        {run.late ? (
          <ToneBadge
            tone="info"
            title="Made while the dashboard was unreachable and replayed later, with its own time."
          >
            replayed
          </ToneBadge>
        ) : null}
      </header>
      {!run.applicable || !run.checkEnabled ? (
        <NotVerifiedNote run={run} />
      ) : (
        <>
          <ComponentBars components={run.components} timeoutSec={run.timeoutSec} />
          <PortCheckOutcome portCheck={run.portCheck} />
          {run.status !== 'RUNNING' ? <RunReasons reasons={run.reasons ?? []} /> : null}
        </>
      )}
      {run.findings.length ? <FindingsList findings={run.findings} /> : null}
    </article>
  );
}

/** A run that verified nothing: why, in the run's own words (primary mode, version too old or invalid, check off). */
function NotVerifiedNote({ run }: { run: TCheckRunView }) {
  const reasons = run.reasons ?? [];
  return (
    <div className="text-sm text-slate-600" data-testid="run-not-verified">
      <p>
        Nothing was verified in this run
        {reasons.length
          ? ':'
          : run.applicable
            ? ': backup-init-check is off, so no component and no SIP port was checked.'
            : ': the check did not apply.'}
      </p>
      <RunReasons reasons={reasons} />
    </div>
  );
}
