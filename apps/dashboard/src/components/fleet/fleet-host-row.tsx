'use client';

import type { TFleetHost } from '@standby/protocol';
import Link from 'next/link';
import { memo } from 'react';
import { AgentConnection } from '../agent-connection';
import { HostSilenceBadge } from '../alerts/host-silence-badge';
import { RelativeTime } from '../relative-time';
import { RoleLabel } from '../role-label';
import { FindingCounts } from './finding-counts';
import { OptionsSummary } from './options-summary';
import { StatusCell } from './status-cell';
import { VerdictCell } from './verdict-cell';

const LINK =
  'font-medium text-slate-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600';

interface TFleetHostRowProps {
  host: TFleetHost;
  /** First row of its HA pair (or a host without one): a stronger line above it. */
  groupStart: boolean;
  selected: boolean;
  /** Absent for users who may not edit: no checkbox at all. */
  onToggle?: (host: TFleetHost) => void;
}

/** One host of the fleet table; memoized, so that a live update renders only the rows it changed. */
export const FleetHostRow = memo(function FleetHostRow({
  host,
  groupStart,
  selected,
  onToggle,
}: TFleetHostRowProps) {
  return (
    <tr
      data-testid="host-row"
      data-host={host.hostname}
      data-status={host.status}
      data-verdict={host.verdict}
      className={`hover:bg-slate-50 ${groupStart ? 'border-t border-slate-200' : ''}`}
    >
      {onToggle ? (
        <td className="px-3 py-2">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 focus-visible:outline-2 focus-visible:outline-sky-600"
            aria-label={`Select ${host.hostname}`}
            checked={selected}
            onChange={() => onToggle(host)}
          />
        </td>
      ) : null}
      <td className="truncate px-3 py-2">
        <Link href={`/hosts/${host.id}`} className={LINK}>
          {host.hostname}
        </Link>
        <div className="text-xs text-slate-500">{host.application}</div>
        <HostSilenceBadge hostId={host.id} />
      </td>
      <td className="truncate px-3 py-2 text-slate-700">
        {host.pair && host.pairId ? (
          <Link
            href={`/pairs/${host.pairId}`}
            className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-700 focus-visible:outline-2 focus-visible:outline-sky-600"
          >
            {host.pair}
          </Link>
        ) : (
          (host.pair ?? <span className="text-slate-400">—</span>)
        )}
      </td>
      <td className="px-3 py-2">
        <RoleLabel mode={host.mode} />
      </td>
      <td className="px-3 py-2 font-mono text-xs">{host.version ?? '—'}</td>
      <td className="px-3 py-2">
        <VerdictCell host={host} />
      </td>
      <td className="px-3 py-2">
        <StatusCell host={host} />
      </td>
      <td className="px-3 py-2 text-slate-600">
        <RelativeTime iso={host.lastCheckAt} />
      </td>
      <td className="px-3 py-2">
        <OptionsSummary options={host.effectiveOptions} sameHost={host.sameHost} />
      </td>
      <td className="px-3 py-2 text-xs">
        <FindingCounts findings={host.findings} />
      </td>
      <td className="px-3 py-2 text-xs">
        <AgentConnection connected={host.connected} />
      </td>
    </tr>
  );
});
