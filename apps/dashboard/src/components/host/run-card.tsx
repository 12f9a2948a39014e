import type { TCheckRunView } from '@standby/protocol';
import { formatDateTime, formatDuration } from '@/lib/format';
import { FindingsList } from '../findings/findings-list';
import { StatusBadge } from '../status-badge';
import { ToneBadge } from '../ui/tone-badge';
import { ComponentBars } from './component-bars';
import { PortCheckOutcome } from './port-check-outcome';

/** One check run: outcome, each component's time to ready against the timeout, the port check, findings. */
export function RunCard({ run }: { run: TCheckRunView }) {
  return (
    <article className="space-y-3 py-4" data-testid="run" data-run-id={run.id} data-status={run.status}>
      <header className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={run.status} />
        <time dateTime={run.startedAt} className="font-medium">
          {formatDateTime(run.startedAt)}
        </time>
        <span className="text-slate-600">
          took {formatDuration(run.durationMs)} · trigger: {run.trigger} · {run.mode} · timeout{' '}
          {run.timeoutSec} s
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
      {!run.applicable ? (
        <p className="text-sm text-slate-600">
          The check did not apply: the SIP Server was not in Backup mode (rule 2).
        </p>
      ) : !run.checkEnabled ? (
        <p className="text-sm text-slate-600">
          backup-init-check was false: nothing was verified and no port check ran (rule 3).
        </p>
      ) : (
        <>
          <ComponentBars components={run.components} timeoutSec={run.timeoutSec} />
          <PortCheckOutcome portCheck={run.portCheck} />
        </>
      )}
      {run.findings.length ? <FindingsList findings={run.findings} /> : null}
    </article>
  );
}
