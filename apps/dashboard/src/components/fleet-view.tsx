'use client';

import { HOST_STATUSES, type THostStatus } from '@standby/domain';
import type { THostSummary } from '@standby/protocol';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { useLiveFleet } from '@/lib/use-live-fleet';
import { RelativeTime } from './relative-time';
import { StatusBadge } from './status-badge';

export function FleetView() {
  const trpc = useTRPC();
  const fleet = useQuery(trpc.fleet.list.queryOptions());
  const { live } = useLiveFleet();
  const [search, setSearch] = useState('');
  const hosts = fleet.data?.hosts ?? [];

  const counts = useMemo(() => countByStatus(hosts), [hosts]);
  const visible = useMemo(() => filterHosts(hosts, search), [hosts, search]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Fleet</h1>
          <p className="text-sm text-slate-600">
            Would every backup SIP Server serve if it were promoted now?
          </p>
        </div>
        <span
          className={`text-xs ${live ? 'text-emerald-700' : 'text-slate-500'}`}
          data-testid="live-indicator"
        >
          {live ? '● live' : '○ connecting…'}
        </span>
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {HOST_STATUSES.map((status) => (
          <div key={status} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
            <dt className="text-xs font-medium text-slate-500">{status.replace('_', ' ')}</dt>
            <dd className="text-2xl font-semibold" data-testid={`count-${status}`}>
              {counts[status]}
            </dd>
          </div>
        ))}
      </dl>

      <label className="block">
        <span className="sr-only">Search hosts</span>
        <input
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder="Search host, application, pair, version…"
          className="w-full max-w-md rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-slate-500 focus:outline-none"
        />
      </label>

      {fleet.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load the fleet: {fleet.error.message}
        </p>
      ) : null}

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="fleet-table">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">HA pair</th>
              <th className="px-4 py-2">Host</th>
              <th className="px-4 py-2">Role</th>
              <th className="px-4 py-2">Version</th>
              <th className="px-4 py-2">Status</th>
              <th className="px-4 py-2">Since</th>
              <th className="px-4 py-2">Last check</th>
              <th className="px-4 py-2">Findings</th>
              <th className="px-4 py-2">Agent</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {visible.map((host) => (
              <HostRow key={host.id} host={host} />
            ))}
            {visible.length === 0 && !fleet.isLoading ? (
              <tr>
                <td colSpan={9} className="px-4 py-8 text-center text-slate-500">
                  {hosts.length === 0 ? 'No agent has reported yet.' : 'No host matches the search.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function HostRow({ host }: { host: THostSummary }) {
  return (
    <tr data-testid="host-row" data-host={host.hostname} data-status={host.status}>
      <td className="px-4 py-2 text-slate-600">{host.pair ?? '—'}</td>
      <td className="px-4 py-2">
        <div className="font-medium">{host.hostname}</div>
        <div className="text-xs text-slate-500">{host.application}</div>
      </td>
      <td className="px-4 py-2 capitalize">{host.mode}</td>
      <td className="px-4 py-2 font-mono text-xs">{host.version ?? '—'}</td>
      <td className="px-4 py-2">
        <StatusBadge status={host.status} />
        {host.pendingRestart ? <span className="ml-2 text-xs text-amber-700">pending restart</span> : null}
      </td>
      <td className="px-4 py-2 text-slate-600">
        <RelativeTime iso={host.statusSince} />
      </td>
      <td className="px-4 py-2 text-slate-600">
        <RelativeTime iso={host.lastCheckAt} />
      </td>
      <td className="px-4 py-2 text-xs">
        <FindingCounts findings={host.findings} />
      </td>
      <td className="px-4 py-2 text-xs">
        {host.connected ? 'connected' : <span className="text-slate-500">offline</span>}
      </td>
    </tr>
  );
}

function FindingCounts({ findings }: { findings: THostSummary['findings'] }) {
  if (findings.critical + findings.warning + findings.info === 0)
    return <span className="text-slate-400">none</span>;
  return (
    <span className="space-x-2">
      {findings.critical ? <span className="text-red-700">{findings.critical} critical</span> : null}
      {findings.warning ? <span className="text-amber-700">{findings.warning} warning</span> : null}
      {findings.info ? <span className="text-slate-600">{findings.info} info</span> : null}
    </span>
  );
}

function countByStatus(hosts: THostSummary[]): Record<THostStatus, number> {
  const counts = Object.fromEntries(HOST_STATUSES.map((s) => [s, 0])) as Record<THostStatus, number>;
  for (const host of hosts) counts[host.status]++;
  return counts;
}

function filterHosts(hosts: THostSummary[], search: string): THostSummary[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return hosts;
  return hosts.filter((h) =>
    [h.hostname, h.application, h.pair ?? '', h.version ?? '', h.status, h.mode].some((field) =>
      field.toLowerCase().includes(needle),
    ),
  );
}
