'use client';

import { ALERT_CONDITION_SPECS, DEFAULT_RULE_CONDITIONS } from '@standby/domain';
import type { TAlertChannelView, TAlertRuleView } from '@standby/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { conditionLabel, emptyRuleForm, ruleFormFromView } from '@/lib/alerts-rule-form';
import { describeScope } from '@/lib/alerts-scope';
import { useScopeNames } from '@/lib/alerts-scope-names';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { SeverityIcon } from '../findings/severity-badge';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';
import { DataTable } from '../ui/data-table';
import { ErrorAlert } from '../ui/error-alert';
import { Section } from '../ui/section';
import { ToneBadge } from '../ui/tone-badge';
import { RuleForm } from './rule-form';

/** Which conditions of which hosts go to which channels; the built-in default rule first. */
export function RulesSection({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const names = useScopeNames(rules.data?.map((rule) => rule.scope) ?? []);
  const [creating, setCreating] = useState(false);
  const channelList = channels.data ?? [];
  const sorted = [...(rules.data ?? [])].sort((a, b) => Number(b.builtIn) - Number(a.builtIn));
  return (
    <Section
      title="Rules"
      description={
        <>
          Which conditions of which hosts go to which channels. Built in:{' '}
          {DEFAULT_RULE_CONDITIONS.map(conditionLabel).join(' and ')}, to every channel.
        </>
      }
      actions={
        canManage && !creating ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            New rule
          </Button>
        ) : null
      }
      testId="alert-rules"
    >
      <div className="space-y-4">
        {creating ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <RuleForm initial={emptyRuleForm()} channels={channelList} onDone={() => setCreating(false)} />
          </div>
        ) : null}
        {rules.isError ? (
          <ErrorAlert>Could not load the rules: {describeError(rules.error)}</ErrorAlert>
        ) : null}
        {rules.data?.length === 0 ? (
          <p className="text-sm text-slate-500">No rule: nothing is sent.</p>
        ) : null}
        {sorted.length ? (
          <div className="overflow-x-auto">
            <DataTable
              caption="Alert rules"
              layout="inline"
              columns={[
                { label: 'Rule' },
                { label: 'Conditions' },
                { label: 'Hosts' },
                { label: 'Channels' },
                { label: 'State' },
                canManage && { label: 'Actions', hidden: true },
              ]}
              testId="rules-table"
            >
              <tbody className="divide-y divide-slate-100">
                {sorted.map((rule) => (
                  <RuleRow
                    key={rule.id}
                    rule={rule}
                    channels={channelList}
                    names={names}
                    canManage={canManage}
                  />
                ))}
              </tbody>
            </DataTable>
          </div>
        ) : null}
      </div>
    </Section>
  );
}

function RuleRow({
  rule,
  channels,
  names,
  canManage,
}: {
  rule: TAlertRuleView;
  channels: readonly TAlertChannelView[];
  names: ReadonlyMap<string, string>;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const onSuccess = () => void queryClient.invalidateQueries(trpc.alerts.pathFilter());
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess }));
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess }));
  if (editing)
    return (
      <tr data-testid="rule-row" data-name={rule.name}>
        <td colSpan={6} className="py-3">
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
            <RuleForm
              initial={ruleFormFromView(rule, names)}
              ruleId={rule.id}
              builtIn={rule.builtIn}
              channels={channels}
              onDone={() => setEditing(false)}
            />
          </div>
        </td>
      </tr>
    );
  const channelNames = rule.channelIds.map(
    (id) => channels.find((channel) => channel.id === id)?.name ?? 'deleted channel',
  );
  return (
    <tr data-testid="rule-row" data-name={rule.name} className="align-top">
      <td className="py-2 pr-3">
        <div className="font-medium">{rule.name}</div>
        {rule.builtIn ? <ToneBadge tone="info">built-in default</ToneBadge> : null}
      </td>
      <td className="py-2 pr-3">
        <ul className="space-y-0.5 text-xs">
          {rule.conditions.map((condition) => (
            <li key={condition} className="flex items-center gap-1.5">
              <SeverityIcon severity={ALERT_CONDITION_SPECS[condition].severity} />
              {conditionLabel(condition)}
              <span className="text-slate-500">({ALERT_CONDITION_SPECS[condition].severity})</span>
            </li>
          ))}
        </ul>
      </td>
      <td className="py-2 pr-3 text-xs">{describeScope(rule.scope, names)}</td>
      <td className="py-2 pr-3 text-xs">
        {rule.allChannels
          ? 'every channel'
          : channelNames.join(', ') || <span className="text-slate-400">none</span>}
      </td>
      <td className="py-2 pr-3">
        {rule.enabled ? (
          <ToneBadge tone="success">enabled</ToneBadge>
        ) : (
          <ToneBadge tone="neutral">off</ToneBadge>
        )}
      </td>
      {canManage ? (
        <td className="py-2">
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="ghost" onClick={() => setEditing(true)} aria-label={`Edit rule ${rule.name}`}>
              Edit
            </Button>
            <Button
              onClick={() => update.mutate({ id: rule.id, enabled: !rule.enabled })}
              disabled={update.isPending}
            >
              {rule.enabled ? 'Turn off' : 'Turn on'}
            </Button>
            {rule.builtIn ? null : (
              <ConfirmButton
                label="Delete"
                confirmLabel="Delete rule"
                question={`Delete rule ${rule.name}?`}
                disabled={remove.isPending}
                onConfirm={() => remove.mutate({ id: rule.id })}
              />
            )}
          </div>
          {(update.error ?? remove.error) ? (
            <p role="alert" className="mt-1 text-xs text-red-700">
              {describeError(update.error ?? remove.error)}
            </p>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
