import { getOptionDefinition } from '@standby/domain';
import type { TEditableOption } from '@/lib/option-draft';
import { CheckboxField } from '../ui/checkbox-field';

/** Shown when a restricted option is among the values: the risk, and a confirmation the server requires. */
export function RestrictedConfirmation({
  options,
  confirmed,
  onConfirmedChange,
}: {
  options: TEditableOption[];
  confirmed: boolean;
  onConfirmedChange: (confirmed: boolean) => void;
}) {
  if (options.length === 0) return null;
  return (
    <div
      role="note"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
      data-testid="restricted-warning"
    >
      <p>
        <strong>Restricted option:</strong> {options.join(', ')}.{' '}
        {options
          .map((name) => getOptionDefinition(name).description.replace(/^Restricted option\. /, ''))
          .join(' ')}{' '}
        A timeout shorter than the components&apos; startup makes a healthy backup report SERVICE_UNAVAILABLE;
        a much longer one delays the report of a broken one. Give a reason: it goes to the audit log with the
        change.
      </p>
      <CheckboxField
        label="I confirm the change of this restricted option"
        checked={confirmed}
        onChange={(event) => onConfirmedChange(event.target.checked)}
      />
    </div>
  );
}
