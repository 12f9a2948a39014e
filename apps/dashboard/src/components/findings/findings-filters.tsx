'use client';

import { FINDING_CODES, FINDING_SEVERITIES } from '@standby/domain';
import { Button } from '../ui/button';
import { SelectField } from '../ui/select-field';
import {
  EMPTY_FINDINGS_FILTER,
  isFindingsFiltered,
  type TFindingsFilterState,
} from './findings-filter-state';

export function FindingsFilters({
  state,
  onChange,
}: {
  state: TFindingsFilterState;
  onChange: (patch: Partial<TFindingsFilterState>) => void;
}) {
  return (
    <search className="flex flex-wrap items-end gap-3" aria-label="Filter the findings">
      <SelectField
        label="Severity"
        value={state.severity}
        onChange={(event) => onChange({ severity: event.target.value as TFindingsFilterState['severity'] })}
      >
        <option value="">All severities</option>
        {FINDING_SEVERITIES.map((severity) => (
          <option key={severity} value={severity}>
            {severity}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Code"
        value={state.code}
        onChange={(event) => onChange({ code: event.target.value as TFindingsFilterState['code'] })}
      >
        <option value="">All codes</option>
        {FINDING_CODES.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </SelectField>
      {isFindingsFiltered(state) ? (
        <Button variant="ghost" onClick={() => onChange(EMPTY_FINDINGS_FILTER)}>
          Clear filters
        </Button>
      ) : null}
    </search>
  );
}
