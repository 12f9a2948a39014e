import type { TPairMember } from '@standby/protocol';
import Link from 'next/link';
import { AgentConnection } from '../agent-connection';
import { StatusCell } from '../fleet/status-cell';
import { VerdictCell } from '../fleet/verdict-cell';
import { HostOptionsTable } from '../host/host-options-table';
import { RelativeTime } from '../relative-time';
import { RoleLabel } from '../role-label';
import { MemberFindings } from './member-findings';

/** One member of the pair, as a card beside the other: its verdict first, its findings in words. */
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
        <StatusCell host={member} />
      </header>
      <div data-testid="member-verdict">
        <VerdictCell host={member} />
      </div>
      <p className="text-sm text-slate-600">
        <RoleLabel mode={member.mode} /> · {member.application} ·{' '}
        <code>{member.version ?? 'unknown version'}</code> · <AgentConnection connected={member.connected} />{' '}
        · last check <RelativeTime iso={member.lastCheckAt} />
      </p>
      <div>
        <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Findings</h3>
        <MemberFindings hostId={member.id} />
      </div>
      <HostOptionsTable configured={member.configuredOptions} effective={member.effectiveOptions} />
    </article>
  );
}
