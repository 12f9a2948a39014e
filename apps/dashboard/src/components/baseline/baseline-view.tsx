'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useHasRole } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { RelativeTime } from '../relative-time';
import { Button } from '../ui/button';
import { CheckboxField } from '../ui/checkbox-field';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { Section } from '../ui/section';
import { INPUT_CLASSES, TextField } from '../ui/text-field';
import { BaselineDryRunTable } from './baseline-dry-run-table';

const EXAMPLE = `fleet:
  backup-init-check: "true"
pairs:
  SIPS_HA_1:
    backup-init-check-timeout: "90"
hosts:
  - match: "sips-b-*"
    options:
      backup-sip-port-check: "true"
`;

/**
 * Baseline as code: the active desired state and its drift; edit or export YAML, dry-run it, then set it
 * as the baseline (admin) or roll its values out in waves (operator).
 */
export function BaselineView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const isAdmin = useHasRole('admin');
  const isOperator = useHasRole('operator');
  const active = useQuery(trpc.baseline.get.queryOptions());
  const [yaml, setYaml] = useState<string | null>(null);
  const text = yaml ?? active.data?.yaml ?? EXAMPLE;
  const [canary, setCanary] = useState('1');
  const [nextPercent, setNextPercent] = useState('25');
  const [confirmRestricted, setConfirmRestricted] = useState(false);
  const [reason, setReason] = useState('');

  const dryRun = useMutation(trpc.baseline.dryRun.mutationOptions());
  // A dry run is shown only for the text it was made from (below): an edit or an export hides it.
  const edit = (value: string) => setYaml(value);
  const exported = useMutation({
    // Always the fleet as it is now, never a cached export.
    mutationFn: () => queryClient.fetchQuery({ ...trpc.baseline.export.queryOptions(), staleTime: 0 }),
    onSuccess: (result) => edit(result.yaml),
  });
  const save = useMutation(
    trpc.baseline.set.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.baseline.get.pathFilter()),
    }),
  );
  const rollOut = useMutation(
    trpc.baseline.rollOut.mutationOptions({
      onSuccess: (result) =>
        router.push(result.rolloutIds.length === 1 ? `/rollouts/${result.rolloutIds[0]}` : '/rollouts'),
    }),
  );
  const error = exported.error ?? dryRun.error ?? save.error ?? rollOut.error;
  const plan = {
    canary: { unit: 'hosts' as const, value: Number(canary) || 1 },
    next: { unit: 'percent' as const, value: Math.min(100, Math.max(1, Number(nextPercent) || 25)) },
  };

  return (
    <div className="space-y-5">
      <PageHeader
        title="Baseline"
        description="The check options the fleet should have, as YAML: fleet-wide, per pair, per host pattern (later entries win). Hosts that differ get a baseline-drift finding."
      />
      <Section title="Active baseline" testId="active-baseline">
        {active.isError ? (
          <ErrorAlert>Could not load the baseline: {describeError(active.error)}</ErrorAlert>
        ) : null}
        {active.isSuccess && !active.data ? (
          <p className="text-sm text-slate-600">No baseline is set: no drift is measured.</p>
        ) : null}
        {active.data ? (
          <p className="text-sm" data-testid="baseline-drift-summary">
            Set by {active.data.actorLabel} <RelativeTime iso={active.data.createdAt.toISOString()} />.{' '}
            {active.data.driftingHosts === 0
              ? 'Every host matches it.'
              : `${active.data.driftingHosts} host${active.data.driftingHosts === 1 ? '' : 's'} drift from it (${active.data.driftFindings} finding${active.data.driftFindings === 1 ? '' : 's'}).`}{' '}
            <a className="text-sky-700 hover:underline" href="/findings">
              See the findings
            </a>
          </p>
        ) : null}
      </Section>
      <Section
        title="Edit, export, dry run"
        actions={
          <Button onClick={() => exported.mutate()} disabled={exported.isPending}>
            Export the current state
          </Button>
        }
      >
        <label htmlFor="baseline-yaml" className="block text-sm font-medium text-slate-800">
          Baseline (YAML)
        </label>
        <textarea
          id="baseline-yaml"
          data-testid="baseline-yaml"
          className={`mt-1 h-72 font-mono text-xs ${INPUT_CLASSES}`}
          spellCheck={false}
          value={text}
          // Read-only until the active baseline is read: an edit made before would be replaced by it.
          readOnly={active.isPending}
          aria-busy={active.isPending}
          onChange={(event) => edit(event.target.value)}
        />
        {error ? <ErrorAlert testId="baseline-error">{describeError(error)}</ErrorAlert> : null}
        <div className="mt-3 flex flex-wrap gap-3">
          {isOperator ? (
            <Button
              variant="primary"
              onClick={() => dryRun.mutate({ yaml: text })}
              disabled={dryRun.isPending}
            >
              Dry run
            </Button>
          ) : null}
          {isAdmin ? (
            <Button onClick={() => save.mutate({ yaml: text })} disabled={save.isPending}>
              Set as the baseline
            </Button>
          ) : null}
        </div>
        {save.isSuccess ? (
          <p className="mt-2 text-sm text-emerald-700">Baseline saved; drift is measured against it.</p>
        ) : null}
        {dryRun.data && dryRun.variables?.yaml === text ? (
          <div className="mt-4 space-y-4">
            <BaselineDryRunTable dryRun={dryRun.data} />
            {dryRun.data.hosts.length > 0 && isOperator ? (
              <form
                className="space-y-3 rounded-md border border-slate-200 p-3"
                onSubmit={(event) => {
                  event.preventDefault();
                  rollOut.mutate({
                    yaml: text,
                    plan,
                    confirmRestricted,
                    ...(reason.trim() ? { reason } : {}),
                  });
                }}
              >
                <h3 className="text-sm font-semibold">Roll out in waves</h3>
                <div className="flex flex-wrap gap-3">
                  <TextField
                    label="Canary wave (hosts)"
                    type="number"
                    min={1}
                    value={canary}
                    onChange={(e) => setCanary(e.target.value)}
                  />
                  <TextField
                    label="Next waves (% of hosts)"
                    type="number"
                    min={1}
                    max={100}
                    value={nextPercent}
                    onChange={(e) => setNextPercent(e.target.value)}
                  />
                </div>
                {dryRun.data.restricted.length ? (
                  <CheckboxField
                    label={`I confirm changing restricted options (${dryRun.data.restricted.join(', ')})`}
                    checked={confirmRestricted}
                    onChange={(event) => setConfirmRestricted(event.target.checked)}
                  />
                ) : null}
                <TextField
                  label="Reason"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  maxLength={500}
                />
                <Button variant="primary" type="submit" disabled={rollOut.isPending}>
                  Roll out the baseline
                </Button>
              </form>
            ) : null}
          </div>
        ) : null}
      </Section>
    </div>
  );
}
