'use client';

import type { TCommandTarget, TPlannedHostView } from '@standby/protocol';
import { pluralize } from '@/lib/format';
import { describeError } from '@/lib/trpc-errors';
import { useDryRun } from '@/lib/use-dry-run';
import { DataTable, type DataTableColumn } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { LoadMore } from '../ui/load-more';
import { ToneBadge } from '../ui/tone-badge';

const SEVERITY_TONE = { critical: 'danger', warning: 'warning', info: 'info' } as const;
const COLUMNS: DataTableColumn[] = [{ label: 'Host' }, { label: 'Change' }, { label: 'Would raise' }];

/**
 * The server's dry run, for every target host, page by page: current value (queued changes included) →
 * new value, what the running SIP Server uses until it restarts, and the findings the new values would
 * raise. Nothing is written until "Send".
 */
export function ChangePreview({
  target,
  values,
}: {
  target: TCommandTarget;
  values: Record<string, string>;
}) {
  const dryRun = useDryRun(target, values);
  const totals = dryRun.data?.pages[0]?.totals;
  const rows = dryRun.data?.pages.flatMap((page) => page.hosts) ?? [];
  return (
    <div data-testid="change-preview" aria-busy={dryRun.isFetching}>
      {dryRun.isError ? (
        <ErrorAlert testId="preview-error">
          Could not preview the change: {describeError(dryRun.error)}
        </ErrorAlert>
      ) : null}
      {totals ? (
        <p className="text-sm text-slate-700" data-testid="preview-totals">
          {pluralize(totals.changing, 'host')} would change, {pluralize(totals.unchanged, 'host')} unchanged
          {totals.withNewFindings ? (
            <>
              ,{' '}
              <strong className="text-amber-900">
                {pluralize(totals.withNewFindings, 'host')} with new findings
              </strong>
            </>
          ) : null}
          .
        </p>
      ) : dryRun.isPending && !dryRun.isError ? (
        <p className="text-sm text-slate-500">Previewing on the server…</p>
      ) : null}
      {rows.length ? (
        <div className="mt-2 max-h-96 overflow-auto rounded-md border border-slate-200">
          <DataTable caption="Preview of the change per host" columns={COLUMNS} stickyHeader>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <PreviewRow key={row.hostId} row={row} />
              ))}
            </tbody>
          </DataTable>
          <LoadMore
            hasMore={dryRun.hasNextPage}
            loading={dryRun.isFetchingNextPage}
            onLoad={() => void dryRun.fetchNextPage()}
            label="Preview more hosts"
            auto
          />
        </div>
      ) : null}
    </div>
  );
}

function PreviewRow({ row }: { row: TPlannedHostView }) {
  return (
    <tr
      data-testid="preview-row"
      data-host={row.hostname}
      data-changes={row.changes.length}
      data-findings={row.findingsAfter.length}
    >
      <td className="px-3 py-1.5 align-top font-medium">
        {row.hostname}
        {row.pairName ? <div className="text-xs font-normal text-slate-500">{row.pairName}</div> : null}
      </td>
      <td className="px-3 py-1.5 align-top">
        {row.changes.length === 0 ? (
          <ToneBadge tone="neutral">unchanged</ToneBadge>
        ) : (
          <ul className="space-y-0.5">
            {row.changes.map((change) => (
              <li key={change.option} className="font-mono text-xs">
                {change.option}: <span className="text-slate-500">{change.from ?? 'not set'}</span>
                <span aria-hidden="true"> → </span>
                <span className="sr-only"> becomes </span>
                <strong>{change.to}</strong>
                {row.queued[change.option] !== undefined ? (
                  <span className="ml-1 font-sans text-slate-500">(after a change still queued)</span>
                ) : null}
                {(row.effective[change.option] ?? null) !== change.from ? (
                  <span className="ml-1 font-sans text-slate-500">
                    (running with {row.effective[change.option] ?? 'not set'} until restart)
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="px-3 py-1.5 align-top text-xs">
        {row.findingsAfter.length === 0 ? (
          <span className="text-slate-500">—</span>
        ) : (
          <ul className="space-y-0.5" data-testid="preview-findings">
            {row.findingsAfter.map((finding) => (
              <li key={`${finding.code}-${finding.option ?? ''}`} data-code={finding.code}>
                <ToneBadge tone={SEVERITY_TONE[finding.severity]}>{finding.severity}</ToneBadge>{' '}
                {finding.message}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
