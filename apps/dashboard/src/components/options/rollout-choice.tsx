'use client';

import type { ReactNode } from 'react';
import { DEFAULT_ROLLOUT_DRAFT, type TRolloutDraft } from '@/lib/rollout-draft';
import { CheckboxField } from '../ui/checkbox-field';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';

/**
 * "Roll out in waves": a canary wave, then waves of a fixed size or percentage; the halt rule and the
 * wave timeout. null: the change goes to every host at once.
 */
export function RolloutChoice({
  draft,
  onChange,
  error,
}: {
  draft: TRolloutDraft | null;
  onChange: (draft: TRolloutDraft | null) => void;
  error: string | null;
}) {
  const set = (patch: Partial<TRolloutDraft>) => draft && onChange({ ...draft, ...patch });
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="rollout-choice">
      <legend className="sr-only">How to send</legend>
      <CheckboxField
        label="Roll out in waves (a canary first; halts when hosts fail the check after the restart)"
        checked={draft !== null}
        onChange={(event) => onChange(event.target.checked ? DEFAULT_ROLLOUT_DRAFT : null)}
        name="roll-out-in-waves"
      />
      {draft ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <SizeField
            label="Canary wave"
            value={draft.canary}
            unit={draft.canaryUnit}
            onValue={(canary) => set({ canary })}
            onUnit={(canaryUnit) => set({ canaryUnit })}
          />
          <SizeField
            label="Next waves"
            value={draft.next}
            unit={draft.nextUnit}
            onValue={(next) => set({ next })}
            onUnit={(nextUnit) => set({ nextUnit })}
          />
          <TextField
            label="Halt after N failing hosts in a wave"
            name="halt-count"
            inputMode="numeric"
            value={draft.haltCount}
            onChange={(event) => set({ haltCount: event.target.value })}
            hint="Rejected the change, or failed the check after the restart."
          />
          <TextField
            label="…or after this % of a wave"
            name="halt-percent"
            inputMode="numeric"
            value={draft.haltPercent}
            onChange={(event) => set({ haltPercent: event.target.value })}
          />
          <TextField
            label="Wave timeout (minutes)"
            name="wave-timeout"
            inputMode="numeric"
            value={draft.timeoutMinutes}
            onChange={(event) => set({ timeoutMinutes: event.target.value })}
            hint="A wave not decided by then halts, waiting for an operator."
          />
          <CheckboxField
            className="self-center"
            label="Wait for my go after every wave"
            checked={draft.manualGo}
            onChange={(event) => set({ manualGo: event.target.checked })}
          />
        </div>
      ) : null}
      {draft && error ? (
        <p className="text-xs text-red-700" role="alert" data-testid="rollout-draft-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function SizeField({
  label,
  value,
  unit,
  onValue,
  onUnit,
}: {
  label: ReactNode;
  value: string;
  unit: 'hosts' | 'percent';
  onValue: (value: string) => void;
  onUnit: (unit: 'hosts' | 'percent') => void;
}) {
  return (
    <div className="flex items-end gap-2">
      <TextField
        className="flex-1"
        label={label}
        inputMode="numeric"
        value={value}
        onChange={(event) => onValue(event.target.value)}
      />
      <SelectField
        label={<span className="sr-only">{label} unit</span>}
        value={unit}
        onChange={(event) => onUnit(event.target.value === 'percent' ? 'percent' : 'hosts')}
      >
        <option value="hosts">hosts</option>
        <option value="percent">% of hosts</option>
      </SelectField>
    </div>
  );
}
