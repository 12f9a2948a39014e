import { type ComponentProps, type ReactNode, useId } from 'react';

export const INPUT_CLASSES =
  'w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm ' +
  'focus-visible:border-sky-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-sky-600 ' +
  'aria-[invalid=true]:border-red-500 disabled:bg-slate-100';

/** A labelled input with an optional hint and error, both tied to it for screen readers. */
export function TextField({
  label,
  hint,
  error,
  className = '',
  ...input
}: ComponentProps<'input'> & { label: ReactNode; hint?: ReactNode; error?: string | null }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`mt-1 ${INPUT_CLASSES}`}
        {...input}
      />
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
