import type { ReactNode } from 'react';

export interface DataTableColumn {
  /** Header text; also the React key unless `key` is given. */
  label: ReactNode;
  key?: string;
  /** Extra classes for the header cell (a fixed width, `whitespace-nowrap`). */
  className?: string;
  /** Read by screen readers only (an actions column). */
  hidden?: boolean;
}

/**
 * How a table sits on its page: `card` has its own shaded header and cell padding (a page's main
 * table); `inline` sits inside a section with tight padding and no background.
 */
type TDataTableLayout = 'card' | 'inline';

const HEADER_CELL: Record<TDataTableLayout, string> = {
  card: 'px-3 py-2',
  inline: 'py-1.5 pr-3',
};
const HEADER_ROW: Record<TDataTableLayout, string> = {
  card: 'bg-slate-50',
  inline: '',
};

/**
 * Every table of the dashboard: caption for assistive technology, one header row, and the caller's
 * bodies (one `<tbody>` or several, for page-by-page rendering).
 */
export function DataTable({
  caption,
  columns,
  layout = 'card',
  stickyHeader = false,
  leading,
  className = 'min-w-full',
  testId,
  children,
}: {
  caption: string;
  columns: readonly (DataTableColumn | null | false)[];
  layout?: TDataTableLayout;
  stickyHeader?: boolean;
  /** A header cell before the columns (a select-all checkbox). */
  leading?: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const shown = columns.filter((column): column is DataTableColumn => Boolean(column));
  return (
    <table className={`${className} text-sm`} data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead
        className={`${HEADER_ROW[layout]} ${stickyHeader ? 'sticky top-0' : ''} text-left text-xs uppercase tracking-wide text-slate-500`}
      >
        <tr>
          {leading}
          {shown.map((column, index) => (
            <th
              key={column.key ?? (typeof column.label === 'string' ? column.label : index)}
              scope="col"
              className={`${HEADER_CELL[layout]} ${column.className ?? ''}`}
            >
              {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
            </th>
          ))}
        </tr>
      </thead>
      {children}
    </table>
  );
}
