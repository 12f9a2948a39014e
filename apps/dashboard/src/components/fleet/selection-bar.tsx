import { pluralize } from '@/lib/format';
import { Button } from '../ui/button';

export function SelectionBar({
  count,
  editing,
  onEdit,
  onClear,
}: {
  count: number;
  editing: boolean;
  onEdit: () => void;
  onClear: () => void;
}) {
  if (count === 0 && !editing) return null;
  return (
    <div
      className="flex flex-wrap items-center gap-3 rounded-lg border border-sky-200 bg-sky-50 px-4 py-2 text-sm"
      data-testid="selection-bar"
    >
      <span className="font-medium">{pluralize(count, 'host')} selected</span>
      {!editing ? (
        <Button variant="primary" onClick={onEdit} disabled={count === 0}>
          Edit options…
        </Button>
      ) : null}
      <Button variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
