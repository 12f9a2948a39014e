import { type ComponentProps, type ReactNode, useId } from 'react';
import { INPUT_CLASSES } from './text-field';

export function SelectField({
  label,
  children,
  className = '',
  ...select
}: ComponentProps<'select'> & { label: ReactNode }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select id={id} className={`mt-1 ${INPUT_CLASSES}`} {...select}>
        {children}
      </select>
    </div>
  );
}
