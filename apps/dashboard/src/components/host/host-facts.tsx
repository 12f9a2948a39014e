import type { THostDetail } from '@standby/protocol';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDateTime } from '@/lib/format';
import { AgentConnection } from '../agent-connection';
import { RelativeTime } from '../relative-time';
import { RoleLabel } from '../role-label';

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{term}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

/** What the agent says about its host, and the agent itself. */
export function HostFacts({ host }: { host: THostDetail['host'] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-3 md:grid-cols-4" data-testid="host-facts">
      <Fact term="Application">{host.application}</Fact>
      <Fact term="HA pair">
        {host.pair ? (
          <Link href={`/pairs/${host.pair.id}`} className="underline underline-offset-2">
            {host.pair.name}
          </Link>
        ) : (
          'none'
        )}
      </Fact>
      <Fact term="Role">
        <RoleLabel mode={host.mode} />
        {host.sameHost ? <span className="text-slate-500"> (both members on one host)</span> : null}
      </Fact>
      <Fact term="SIP Server version">
        <code>{host.version ?? 'unknown'}</code>
      </Fact>
      <Fact term="Reported status since">
        {host.status === 'RUNNING' || host.status === 'SERVICE_UNAVAILABLE' ? (
          <RelativeTime iso={host.statusSince} />
        ) : (
          <span className="text-slate-500">— (live state, not a check result)</span>
        )}
      </Fact>
      <Fact term="Last check">
        <RelativeTime iso={host.lastCheckAt} />
      </Fact>
      <Fact term="Pending restart">
        {host.pendingRestart ? (
          <span className="text-amber-800">
            yes{host.pendingSince ? <>, since {formatDateTime(host.pendingSince)}</> : null}
          </span>
        ) : (
          'no'
        )}
      </Fact>
      <Fact term="Agent">
        {host.agent ? (
          <>
            <AgentConnection connected={host.agent.connected} />
            {host.agent.revokedAt ? <span className="text-red-700"> · revoked</span> : null}
            <span className="block text-xs text-slate-500">
              {host.agent.agentVersion ? `v${host.agent.agentVersion} · ` : ''}last seen{' '}
              <RelativeTime iso={host.agent.lastSeenAt} />
            </span>
          </>
        ) : (
          <span className="text-slate-500">none enrolled</span>
        )}
      </Fact>
    </dl>
  );
}
