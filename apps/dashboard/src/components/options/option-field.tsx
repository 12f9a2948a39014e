import { getOptionDefinition } from '@standby/domain';
import { useId } from 'react';
import type { TEditableOption } from '@/lib/option-draft';
import { INPUT_CLASSES } from '../ui/text-field';
import { ToneBadge } from '../ui/tone-badge';

/**
 * One option of the editor: what it does, its valid values and default (from the domain catalog), the
 * current value when one host is edited, and the domain's reason when the typed value is refused.
 */
export function OptionField({
  name,
  value,
  current,
  error,
  onChange,
}: {
  name: TEditableOption;
  value: string;
  /** The host's current value (one host), or undefined (several hosts: see the preview). */
  current?: string | null;
  error?: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const definition = getOptionDefinition(name);
  const listId = definition.kind === 'boolean' ? `${id}-values` : undefined;
  return (
    <div className="grid gap-2 py-3 sm:grid-cols-[minmax(0,1fr)_14rem]">
      <div>
        <label htmlFor={id} className="flex flex-wrap items-center gap-2 font-mono text-sm font-medium">
          {name}
          {definition.restricted ? <ToneBadge tone="warning">restricted</ToneBadge> : null}
        </label>
        <p className="mt-0.5 text-xs text-slate-600">{definition.description}</p>
        <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
          Valid: {definition.validValues} · default <code>{definition.defaultRaw || '(empty)'}</code>
          {current !== undefined ? (
            <>
              {' '}
              · now <code data-testid={`current-${name}`}>{current ?? 'not set'}</code>
            </>
          ) : null}
        </p>
      </div>
      <div>
        <input
          id={id}
          name={name}
          list={listId}
          value={value}
          placeholder="no change"
          autoComplete="off"
          spellCheck={false}
          inputMode={definition.kind === 'integer' ? 'numeric' : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          className={INPUT_CLASSES}
          onChange={(event) => onChange(event.target.value)}
        />
        {listId ? (
          <datalist id={listId}>
            <option value="true" />
            <option value="false" />
          </datalist>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="mt-1 text-xs text-red-700" data-testid={`option-error-${name}`}>
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
