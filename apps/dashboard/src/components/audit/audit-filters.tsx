'use client';

import { useId } from 'react';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '@/lib/audit-log';
import { Button } from '../ui/button';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';

export interface TAuditFilterState {
  action: string;
  targetType: string;
  targetId: string;
}

export const EMPTY_AUDIT_FILTER: TAuditFilterState = { action: '', targetType: '', targetId: '' };

export function AuditFilters({
  state,
  onChange,
}: {
  state: TAuditFilterState;
  onChange: (patch: Partial<TAuditFilterState>) => void;
}) {
  const actionsId = useId();
  const filtered = state.action || state.targetType || state.targetId;
  return (
    <search className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
      <TextField
        label="Action"
        list={actionsId}
        placeholder="any action"
        className="w-60"
        value={state.action}
        onChange={(event) => onChange({ action: event.target.value })}
      />
      <datalist id={actionsId}>
        {AUDIT_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <SelectField
        label="Target type"
        value={state.targetType}
        onChange={(event) => onChange({ targetType: event.target.value })}
      >
        <option value="">Any target</option>
        {AUDIT_TARGET_TYPES.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Target id"
        placeholder="host or user id"
        className="w-80"
        value={state.targetId}
        onChange={(event) => onChange({ targetId: event.target.value })}
      />
      {filtered ? (
        <Button variant="ghost" onClick={() => onChange(EMPTY_AUDIT_FILTER)}>
          Clear filters
        </Button>
      ) : null}
    </search>
  );
}
