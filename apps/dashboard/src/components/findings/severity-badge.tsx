import type { TFindingSeverity } from '@standby/domain';
import { SEVERITY_TONES } from '@/lib/finding-rule';
import { ToneBadge } from '../ui/tone-badge';

/** A shape per severity, so that the severity does not rest on colour alone. */
export function SeverityIcon({ severity }: { severity: TFindingSeverity }) {
  return (
    <svg viewBox="0 0 12 12" className="size-3 shrink-0" aria-hidden="true" fill="currentColor">
      {severity === 'critical' ? (
        <path d="M3 2.1 2.1 3 5.1 6l-3 3 .9.9 3-3 3 3 .9-.9-3-3 3-3L9 2.1l-3 3z" />
      ) : severity === 'warning' ? (
        <path d="M6 1 .5 11h11zm-.65 3.5h1.3v3.2h-1.3zm0 4h1.3v1.3h-1.3z" />
      ) : (
        <path d="M6 1a5 5 0 1 0 0 10A5 5 0 0 0 6 1m-.65 2.4h1.3v1.3h-1.3zm0 2.2h1.3v3h-1.3z" />
      )}
    </svg>
  );
}

/** The severity as findings lists show it (the tone of findings-list), with its icon and its word. */
export function SeverityBadge({ severity }: { severity: TFindingSeverity }) {
  return (
    <ToneBadge tone={SEVERITY_TONES[severity]} testId="finding-severity">
      <SeverityIcon severity={severity} />
      {severity}
    </ToneBadge>
  );
}
