'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { SCOPE_KIND_LABELS, SCOPE_KINDS, type TPicked, type TScopeDraft } from '@/lib/alerts-scope';
import { useTRPC } from '@/lib/trpc';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { Button } from '../ui/button';
import { INPUT_CLASSES } from '../ui/text-field';

const SUGGESTIONS = 12;

/**
 * Which hosts a rule or silence covers: the whole fleet, some HA pairs or some hosts, each picked by
 * searching the fleet (hostname, application or pair name). `error` is the schema's word on the choice.
 */
export function ScopePicker({
  value,
  onChange,
  error,
  legend = 'Applies to',
}: {
  value: TScopeDraft;
  onChange: (next: TScopeDraft) => void;
  error?: string | null;
  legend?: string;
}) {
  const name = useId();
  const errorId = `${name}-error`;
  return (
    <fieldset className="space-y-2" aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-4">
        {SCOPE_KINDS.map((kind) => (
          <label key={kind} className="flex items-center gap-1.5 text-sm text-slate-800">
            <input
              type="radio"
              name={name}
              value={kind}
              checked={value.kind === kind}
              onChange={() => onChange({ ...value, kind })}
            />
            {SCOPE_KIND_LABELS[kind]}
          </label>
        ))}
      </div>
      {value.kind === 'hosts' ? (
        <Picker
          what="hosts"
          picked={value.hosts}
          onChange={(hosts) => onChange({ ...value, hosts })}
          invalid={Boolean(error)}
        />
      ) : null}
      {value.kind === 'pairs' ? (
        <Picker
          what="pairs"
          picked={value.pairs}
          onChange={(pairs) => onChange({ ...value, pairs })}
          invalid={Boolean(error)}
        />
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs text-red-700" data-testid="scope-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function Picker({
  what,
  picked,
  onChange,
  invalid,
}: {
  what: 'hosts' | 'pairs';
  picked: TPicked[];
  onChange: (next: TPicked[]) => void;
  invalid: boolean;
}) {
  const trpc = useTRPC();
  const inputId = useId();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 250);
  const found = useQuery({
    ...trpc.fleet.page.queryOptions({
      filter: debounced ? { search: debounced } : {},
      limit: what === 'hosts' ? SUGGESTIONS : 100,
    }),
    placeholderData: (previous) => previous,
  });
  const pickedIds = new Set(picked.map((item) => item.id));
  const candidates: TPicked[] =
    what === 'hosts'
      ? (found.data?.hosts ?? []).map((host) => ({ id: host.id, label: host.hostname }))
      : uniquePairs(found.data?.hosts ?? []).slice(0, SUGGESTIONS);
  const offered = candidates.filter((candidate) => !pickedIds.has(candidate.id));
  const noun = what === 'hosts' ? 'host' : 'pair';
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3">
      {picked.length ? (
        <ul className="flex flex-wrap gap-2" aria-label={`Chosen ${what}`}>
          {picked.map((item) => (
            <li
              key={item.id}
              className="inline-flex items-center gap-1 rounded-md bg-slate-100 px-2 py-0.5 text-xs"
              data-testid="picked-item"
            >
              {item.label}
              <button
                type="button"
                className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900"
                aria-label={`Remove ${item.label}`}
                onClick={() => onChange(picked.filter((other) => other.id !== item.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-slate-500">No {noun} chosen yet.</p>
      )}
      <label htmlFor={inputId} className="block text-xs font-medium text-slate-700">
        Find {what === 'hosts' ? 'hosts' : 'HA pairs'}
      </label>
      <input
        id={inputId}
        type="search"
        className={INPUT_CLASSES}
        aria-invalid={invalid || undefined}
        placeholder={what === 'hosts' ? 'hostname, application or pair' : 'pair name'}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ul className="flex flex-wrap gap-2" aria-label={`Matching ${what}`}>
        {offered.map((candidate) => (
          <li key={candidate.id}>
            <Button variant="ghost" onClick={() => onChange([...picked, candidate])}>
              + {candidate.label}
            </Button>
          </li>
        ))}
        {found.isSuccess && offered.length === 0 ? (
          <li className="text-xs text-slate-500">No other {noun} matches.</li>
        ) : null}
      </ul>
    </div>
  );
}

function uniquePairs(hosts: readonly { pairId: string | null; pair: string | null }[]): TPicked[] {
  const pairs = new Map<string, string>();
  for (const host of hosts)
    if (host.pairId && !pairs.has(host.pairId)) pairs.set(host.pairId, host.pair ?? host.pairId);
  return [...pairs].map(([id, label]) => ({ id, label }));
}
