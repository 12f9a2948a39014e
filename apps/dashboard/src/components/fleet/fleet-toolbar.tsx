'use client';

import { FINDING_SEVERITIES, HOST_STATUSES, SIP_SERVER_MODES, type THostStatus } from '@standby/domain';
import { FLEET_SORTS } from '@standby/protocol';
import {
  FLEET_SORT_LABELS,
  INITIAL_FLEET_VIEW,
  isFiltered,
  type TFleetViewState,
} from '@/lib/fleet-view-state';
import { HOST_STATUS_INFO } from '@/lib/status-info';
import { Button } from '../ui/button';
import { CheckboxField } from '../ui/checkbox-field';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';

/** Search, filters and sort of the fleet list. */
export function FleetToolbar({
  state,
  onChange,
}: {
  state: TFleetViewState;
  onChange: (patch: Partial<TFleetViewState>) => void;
}) {
  const filtered = isFiltered(state);
  return (
    <search className="flex flex-wrap items-end gap-3" aria-label="Filter the fleet">
      <TextField
        label="Search"
        type="search"
        className="w-full sm:w-72"
        placeholder="Host, application or pair"
        value={state.search}
        onChange={(event) => onChange({ search: event.target.value })}
      />
      <SelectField
        label="Role"
        value={state.mode}
        onChange={(event) => onChange({ mode: event.target.value as TFleetViewState['mode'] })}
      >
        <option value="">Any role</option>
        {SIP_SERVER_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {mode === 'backup' ? 'Backup' : 'Primary'}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Reported status"
        value={state.statuses[0] ?? ''}
        onChange={(event) =>
          onChange({ statuses: event.target.value ? [event.target.value as THostStatus] : [] })
        }
      >
        <option value="">Any status</option>
        {HOST_STATUSES.map((status) => (
          <option key={status} value={status}>
            {HOST_STATUS_INFO[status].label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Findings"
        value={state.minSeverity}
        onChange={(event) => onChange({ minSeverity: event.target.value as TFleetViewState['minSeverity'] })}
      >
        <option value="">Any</option>
        {FINDING_SEVERITIES.map((severity) => (
          <option key={severity} value={severity}>
            {severity === 'info' ? 'Any finding' : `${severity} or worse`}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Sort by"
        value={state.sort}
        onChange={(event) => onChange({ sort: event.target.value as TFleetViewState['sort'] })}
      >
        {FLEET_SORTS.map((sort) => (
          <option key={sort} value={sort}>
            {FLEET_SORT_LABELS[sort]}
          </option>
        ))}
      </SelectField>
      <Button
        onClick={() => onChange({ direction: state.direction === 'asc' ? 'desc' : 'asc' })}
        aria-label={`Sort direction: ${state.direction === 'asc' ? 'ascending' : 'descending'}; click to reverse`}
      >
        {state.direction === 'asc' ? '↑ Ascending' : '↓ Descending'}
      </Button>
      <CheckboxField
        label="Pending restart only"
        className="pb-1.5"
        checked={state.pendingRestartOnly}
        onChange={(event) => onChange({ pendingRestartOnly: event.target.checked })}
      />
      {filtered ? (
        <Button
          variant="ghost"
          onClick={() => onChange({ ...INITIAL_FLEET_VIEW, sort: state.sort, direction: state.direction })}
        >
          Clear filters
        </Button>
      ) : null}
    </search>
  );
}
