import type { TPairMember } from '@standby/protocol';
import Link from 'next/link';
import { AgentConnection } from '../agent-connection';
import { FindingCounts } from '../fleet/finding-counts';
import { HostOptionsTable } from '../host/host-options-table';
import { RelativeTime } from '../relative-time';
import { RoleLabel } from '../role-label';
import { StatusBadge } from '../status-badge';
import { ToneBadge } from '../ui/tone-badge';

/** One member of the pair, as a card beside the other. */
export function PairMemberCard({ member }: { member: TPairMember }) {
  return (
    <article
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="pair-member"
      data-host={member.hostname}
    >
      <header className="flex flex-wrap items-center gap-2">
        <Link
          href={`/hosts/${member.id}`}
          className="text-base font-semibold underline-offset-2 hover:underline"
        >
          {member.hostname}
        </Link>
        <StatusBadge status={member.status} />
        {member.pendingRestart ? <ToneBadge tone="warning">pending restart</ToneBadge> : null}
      </header>
      <p className="text-sm text-slate-600">
        <RoleLabel mode={member.mode} /> · {member.application} ·{' '}
        <code>{member.version ?? 'unknown version'}</code> · <AgentConnection connected={member.connected} />{' '}
        · last check <RelativeTime iso={member.lastCheckAt} />
      </p>
      <p className="text-xs">
        Findings: <FindingCounts findings={member.findings} />
      </p>
      <HostOptionsTable configured={member.configuredOptions} effective={member.effectiveOptions} />
    </article>
  );
}
