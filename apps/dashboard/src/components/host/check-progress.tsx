import type { THostDetail } from '@standby/protocol';
import { toLiveComponentRows } from '@/lib/live-components';
import { RelativeTime } from '../relative-time';
import { ToneBadge } from '../ui/tone-badge';

type THost = THostDetail['host'];

/**
 * The check in progress, its components turning ready as the agent reports them (the page reads the host
 * again on each live change). A start check is INITIALIZING; a re-check keeps the verdict above.
 */
export function CheckProgress({
  checking,
  components,
}: {
  checking: NonNullable<THost['checking']>;
  components: THost['liveComponents'];
}) {
  const rows = toLiveComponentRows(components);
  return (
    <div
      className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2"
      data-testid="check-progress"
      data-at-start={checking.atStart}
      aria-live="polite"
    >
      <p className="text-sm font-medium text-sky-950">
        {checking.atStart
          ? 'Start check running: the SIP Server reports INITIALIZING until it ends.'
          : 'Re-check running: the verdict above stays until its result is known.'}{' '}
        <span className="font-normal text-sky-900">
          Trigger {checking.trigger}, started <RelativeTime iso={checking.startedAt} />.
        </span>
      </p>
      <ul className="mt-2 grid gap-1 sm:grid-cols-2" aria-label="Components of the check in progress">
        {rows.map((row) => (
          <li
            key={row.name}
            className="flex items-center gap-2 text-sm"
            data-testid="live-component"
            data-component={row.name}
            data-state={row.state}
          >
            <ToneBadge tone={row.tone}>
              <span aria-hidden="true">{row.mark}</span> {row.stateText}
            </ToneBadge>
            <span>{row.label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
