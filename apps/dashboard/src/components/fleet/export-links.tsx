import { buttonClasses } from '../ui/button-styles';

const FORMATS = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'json', label: 'Export JSON' },
] as const;

/** The fleet audit (hosts, options, findings) as a download for auditors; streamed by the server. */
export function ExportLinks() {
  return (
    <div className="flex gap-2">
      {FORMATS.map(({ format, label }) => (
        <a
          key={format}
          href={`/api/export/fleet-audit?format=${format}`}
          download
          className={buttonClasses('secondary')}
          data-testid={`export-${format}`}
        >
          <svg viewBox="0 0 16 16" className="size-4" aria-hidden="true" fill="currentColor">
            <path d="M7.25 1h1.5v7.4l2.2-2.2 1.06 1.06L8 11.28 3.99 7.26 5.05 6.2l2.2 2.2zM2 12.5h1.5V14h9v-1.5H14V15.5H2z" />
          </svg>
          {label}
        </a>
      ))}
    </div>
  );
}
