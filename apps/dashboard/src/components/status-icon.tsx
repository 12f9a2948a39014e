import type { THostStatus } from '@standby/domain';

/** A shape per status, so that the status does not rest on color alone. */
export function StatusIcon({ status }: { status: THostStatus }) {
  return (
    <svg viewBox="0 0 12 12" className="size-3 shrink-0" aria-hidden="true" fill="currentColor">
      {status === 'RUNNING' ? (
        <path d="M4.6 8.6 2.3 6.3l-.9.9 3.2 3.2 6-6-.9-.9z" />
      ) : status === 'SERVICE_UNAVAILABLE' ? (
        <path d="M3 2.1 2.1 3 5.1 6l-3 3 .9.9 3-3 3 3 .9-.9-3-3 3-3L9 2.1l-3 3z" />
      ) : status === 'INITIALIZING' ? (
        <path d="M6 1a5 5 0 1 0 5 5H9.7A3.7 3.7 0 1 1 6 2.3z" />
      ) : (
        <path d="M6 1.5a3 3 0 0 0-3 3h1.3A1.7 1.7 0 1 1 6 6.2c-.4 0-.7.3-.7.7v1.3h1.4V7.4A3 3 0 0 0 6 1.5M5.3 9.2h1.4v1.3H5.3z" />
      )}
    </svg>
  );
}
