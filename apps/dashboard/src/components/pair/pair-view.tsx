'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { TEditorHost } from '@/lib/change-preview';
import { useHasRole } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError, trpcErrorCode } from '@/lib/trpc-errors';
import { useLiveHosts } from '@/lib/use-live-hosts';
import { LiveIndicator } from '../live-indicator';
import { OptionHistory } from '../option-history';
import { OptionsEditor } from '../options/options-editor';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { PageLoading } from '../ui/page-loading';
import { Section } from '../ui/section';
import { PairDrift } from './pair-drift';
import { PairMemberCard } from './pair-member-card';

/** An HA pair: both members side by side, their option drift, and the editor for the pair. */
export function PairView({ pairId }: { pairId: string }) {
  const trpc = useTRPC();
  const canEdit = useHasRole('operator');
  const pair = useQuery(trpc.pair.get.queryOptions({ pairId }));
  const memberIds = useMemo(() => pair.data?.members.map((member) => member.id) ?? [], [pair.data]);
  const { live } = useLiveHosts(memberIds);
  const [editing, setEditing] = useState(false);
  const editorHosts = useMemo<TEditorHost[]>(
    () =>
      pair.data?.members.map((member) => ({
        id: member.id,
        hostname: member.hostname,
        current: member.configuredOptions,
        currentSource: 'configured',
      })) ?? [],
    [pair.data],
  );

  if (pair.isPending) return <PageLoading />;
  if (pair.isError)
    return (
      <ErrorAlert>
        {trpcErrorCode(pair.error) === 'NOT_FOUND' || trpcErrorCode(pair.error) === 'BAD_REQUEST'
          ? 'No such HA pair.'
          : `Could not load the pair: ${describeError(pair.error)}`}
      </ErrorAlert>
    );

  return (
    <div className="space-y-5" data-testid="pair-page">
      <PageHeader
        title={pair.data.name}
        description="HA pair: the two members side by side."
        actions={<LiveIndicator live={live} />}
      />
      <div className="grid gap-5 lg:grid-cols-2">
        {pair.data.members.map((member) => (
          <PairMemberCard key={member.id} member={member} />
        ))}
      </div>
      <Section title="Option drift" description="Effective check options compared between the members.">
        <PairDrift drift={pair.data.drift} />
      </Section>
      {canEdit ? (
        <Section
          title="Change options of the pair"
          description="The same values for both members, so that a switchover changes nothing."
          actions={
            <Button onClick={() => setEditing((open) => !open)} aria-expanded={editing}>
              {editing ? 'Close editor' : 'Edit options'}
            </Button>
          }
        >
          {editing ? (
            <OptionsEditor target={{ kind: 'pair', pairId }} hosts={editorHosts} />
          ) : (
            <p className="text-sm text-slate-500">Open the editor to change both members at once.</p>
          )}
        </Section>
      ) : null}
      <OptionHistory scope={{ pairId }} />
    </div>
  );
}
